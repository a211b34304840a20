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

func TestSelectionFromConfig(t *testing.T) {
	l := testLink()
	l.TopicsExclude, l.CopyPrefixes = []string{`orders\.test`}, []string{"ap-south.", "us-east."}
	for _, naming := range []string{Prefixed, Identity} {
		l.Naming = naming
		cfg := l.Connectors()[ConnectorNames("us-east", "eu-west").Source]
		fromLink, _ := LinkFromConfig(cfg)
		if got := SelectionFromConfig(cfg); !reflect.DeepEqual(got, fromLink.Selection()) || !reflect.DeepEqual(got, l.Selection()) {
			t.Fatalf("%s: got %+v, want %+v", naming, got, l.Selection())
		}
	}
	got := SelectionFromConfig(map[string]string{
		"topics":                   "orders, pay\\..*,",
		"topics.exclude":           "pay\\.test ",
		"replication.policy.class": "com.example.IdentityReplicationPolicy",
		"source.cluster.alias":     "us",
	})
	want := Selection{Topics: []string{"orders", `pay\..*`}, Exclude: []string{`pay\.test`}, Identity: true, Alias: "us", Separator: "."}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("edited by hand: got %+v, want %+v", got, want)
	}
}
