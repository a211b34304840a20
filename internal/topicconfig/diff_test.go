package topicconfig

import (
	"reflect"
	"testing"
)

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
