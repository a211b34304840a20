package mapdiff

import (
	"reflect"
	"testing"
)

func TestDiffConfig(t *testing.T) {
	set, reset := Diff(
		map[string]string{"retention.ms": "1", "cleanup.policy": "delete", "segment.ms": "5"},
		map[string]string{"retention.ms": "2", "cleanup.policy": "delete", "min.insync.replicas": "2"},
	)
	if !reflect.DeepEqual(set, map[string]string{"retention.ms": "2", "min.insync.replicas": "2"}) {
		t.Fatalf("set = %v", set)
	}
	if !reflect.DeepEqual(reset, []string{"segment.ms"}) {
		t.Fatalf("reset = %v", reset)
	}
	set, reset = Diff[string](nil, nil)
	if len(set) != 0 || len(reset) != 0 {
		t.Fatalf("empty diff: %v %v", set, reset)
	}
}

func TestDiffQuota(t *testing.T) {
	set, rm := Diff(map[string]float64{"a": 1, "b": 2}, map[string]float64{"a": 1, "c": 3})
	if !reflect.DeepEqual(set, map[string]float64{"c": 3}) || !reflect.DeepEqual(rm, []string{"b"}) {
		t.Fatalf("set=%v remove=%v", set, rm)
	}
}
