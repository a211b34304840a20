package replication

import (
	"reflect"
	"testing"
)

func TestReplicatedAndLag(t *testing.T) {
	s := Selection{Topics: []string{"orders", "pay\\..*"}, Exclude: []string{"pay\\.test"}, Alias: "us-east", Separator: "."}
	topics, remotes := s.Replicated([]string{"orders", "pay.eu", "pay.test", "orders2", "__consumer_offsets", "mm2-offset-syncs.eu-west.internal"})
	if !reflect.DeepEqual(topics, []string{"orders", "pay.eu"}) || !reflect.DeepEqual(remotes, []string{"us-east.orders", "us-east.pay.eu"}) {
		t.Fatalf("topics %v remotes %v", topics, remotes)
	}
	if got := Lag(map[int32]int64{0: 100, 1: 50}, map[int32]int64{0: 90}); got != 60 {
		t.Fatalf("lag = %d, want 60", got)
	}
	if got := Lag(map[int32]int64{0: 10}, map[int32]int64{0: 12}); got != 0 {
		t.Fatalf("lag never negative, got %d", got)
	}
}

func TestSelectionOfLink(t *testing.T) {
	l := testLink()
	l.TopicsExclude = []string{"orders\\.test"}
	topics, remotes := l.Selection().Replicated([]string{"orders", "orders.test", "payments.eu", "eu.customers", "heartbeats"})
	// Residency excludes eu.*; the user excludes orders.test; heartbeats are MirrorMaker's own.
	if !reflect.DeepEqual(topics, []string{"orders", "payments.eu"}) || !reflect.DeepEqual(remotes, []string{"us-east.orders", "us-east.payments.eu"}) {
		t.Fatalf("topics %v remotes %v", topics, remotes)
	}
}
