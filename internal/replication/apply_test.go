package replication

import (
	"reflect"
	"testing"

	"github.com/geokafka/terraform-provider-geokafka/internal/connect"
)

func TestLinkState(t *testing.T) {
	n := ConnectorNames("a", "b")
	st := func(state string) connect.Status {
		var s connect.Status
		s.Connector.State = state
		return s
	}
	for _, c := range []struct {
		found  map[string]connect.Status
		cp, hb bool
		want   string
	}{
		{map[string]connect.Status{n.Source: st(connect.Running), n.Checkpoint: st(connect.Running)}, true, false, "running"},
		{map[string]connect.Status{n.Source: st(connect.Running), n.Checkpoint: st(connect.Paused)}, true, false, "mixed"},
		{map[string]connect.Status{n.Source: st(connect.Running)}, true, false, "missing"},
		{map[string]connect.Status{n.Checkpoint: st(connect.Running)}, true, false, "missing"},
		{map[string]connect.Status{}, true, true, ""},
	} {
		if got := LinkState(c.found, n, c.cp, c.hb); got != c.want {
			t.Errorf("LinkState(%v) = %q, want %q", c.found, got, c.want)
		}
	}
}

func TestResumeFromRoundTrip(t *testing.T) {
	ends := map[string]map[int32]int64{"a.b/c": {0: 5, 12: 7}}
	if got := ParseResumeFrom(ResumeFrom(ends)); !reflect.DeepEqual(got, ends) {
		t.Fatalf("round trip %v", got)
	}
}

func TestSourceOffsets(t *testing.T) {
	got := SourceOffsets("eu-west", map[string]map[int32]int64{"orders": {0: 0, 1: 10}})
	want := []any{map[string]any{
		"partition": map[string]any{"cluster": "eu-west", "topic": "orders", "partition": int32(1)},
		"offset":    map[string]any{"offset": int64(9)}, // the last copied: 10 is the next
	}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %#v\nwant %#v (an empty partition has no position)", got, want)
	}
}

func TestConnectState(t *testing.T) {
	for state, want := range map[string]string{"running": connect.Running, "paused": connect.Paused, "stopped": connect.Stopped, "failed": ""} {
		if got := ConnectState(state); got != want {
			t.Errorf("ConnectState(%q) = %q, want %q", state, got, want)
		}
	}
}

func TestStranded(t *testing.T) {
	l := Link{Naming: Identity}
	resume := map[string]map[int32]int64{"orders": {0: 10, 1: 5}, "payments": {0: 3}, "empty": {0: 0}}
	ends := map[string]map[int32]int64{"orders": {0: 17, 1: 5}, "payments": {0: 3}, "empty": {0: 2}}
	got := Stranded(l, resume, ends)
	if !reflect.DeepEqual(got, map[string]int64{"orders": 7, "empty": 2}) {
		t.Errorf("identity: %v", got)
	}
	if s := DescribeStranded(got); s != "empty 2, orders 7" {
		t.Errorf("described as %q", s)
	}
	l.Naming = Prefixed
	if got := Stranded(l, resume, ends); len(got) != 0 {
		t.Errorf("prefixed links strand nothing, got %v", got)
	}
}
