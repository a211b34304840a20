package topicname

import (
	"reflect"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"orders", true},
		{"eu.orders_v2-x", true},
		{strings.Repeat("a", 249), true},
		{strings.Repeat("a", 250), false},
		{"", false},
		{".", false},
		{"..", false},
		{"...", true},
		{"orders/eu", false},
		{"orders eu", false},
		{"ördérs", false},
	} {
		err := Validate(tc.name)
		if (err == nil) != tc.ok {
			t.Errorf("Validate(%q) = %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}

func TestConfigDiff(t *testing.T) {
	set, reset := ConfigDiff(
		map[string]string{"retention.ms": "1", "cleanup.policy": "delete", "segment.ms": "5"},
		map[string]string{"retention.ms": "2", "cleanup.policy": "delete", "min.insync.replicas": "2"},
	)
	if !reflect.DeepEqual(set, map[string]string{"retention.ms": "2", "min.insync.replicas": "2"}) {
		t.Fatalf("set = %v", set)
	}
	if !reflect.DeepEqual(reset, []string{"segment.ms"}) {
		t.Fatalf("reset = %v", reset)
	}
	set, reset = ConfigDiff(nil, nil)
	if len(set) != 0 || len(reset) != 0 {
		t.Fatalf("empty diff: %v %v", set, reset)
	}
}
