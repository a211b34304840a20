package replication

import (
	"reflect"
	"testing"
)

func testLink() Link {
	return Link{
		Source:      Endpoint{Key: "us-east", Bootstrap: []string{"a:1", "b:1"}, Client: map[string]string{"security.protocol": "SASL_SSL"}},
		Target:      Endpoint{Key: "eu-west", Bootstrap: []string{"c:1"}},
		SourceAlias: "us-east", Topics: []string{"orders", "payments\\..*"}, Naming: Prefixed, Separator: ".",
		SyncGroupOffsets: true, SyncTopicConfigs: true, EmitHeartbeats: true, EmitCheckpoints: true,
		ReplicationFactor: -1, OffsetSyncsTopicLocation: "source", TasksMax: 2, StartFrom: "earliest",
		ResidencyExcludes: []string{"^eu\\."},
	}
}

func TestConnectors(t *testing.T) {
	cs := testLink().Connectors()
	names := ConnectorNames("us-east", "eu-west")
	if len(cs) != 3 {
		t.Fatalf("want 3 connectors, got %d", len(cs))
	}
	src := cs[names.Source]
	for k, want := range map[string]string{
		"connector.class":                     sourceClass,
		"name":                                "geokafka-us-east-to-eu-west-source",
		"topics":                              "orders,payments\\..*",
		"topics.exclude":                      `.*[\-\.]internal,.*\.replica,__.*,.*(?:^eu\.).*`,
		"replication.policy.class":            defaultPolicy,
		"sync.topic.acls.enabled":             "false",
		"source.cluster.security.protocol":    "SASL_SSL",
		"producer.override.bootstrap.servers": "c:1",
		"source.cluster.bootstrap.servers":    "a:1,b:1",
		"tasks.max":                           "2",
	} {
		if src[k] != want {
			t.Errorf("%s = %q, want %q", k, src[k], want)
		}
	}
	if cs[names.Checkpoint]["connector.class"] != checkpointClass || cs[names.Heartbeat]["connector.class"] != heartbeatClass {
		t.Error("checkpoint or heartbeat connector has the wrong class")
	}
	l := testLink()
	l.EmitCheckpoints, l.EmitHeartbeats, l.Naming = false, false, Identity
	cs = l.Connectors()
	if len(cs) != 1 || cs[names.Source]["replication.policy.class"] != identityPolicy {
		t.Fatalf("identity link without checkpoints/heartbeats: %v", cs)
	}
}

func TestLiteral(t *testing.T) {
	for p, want := range map[string]string{"orders": "orders", "eu\\.orders": "eu.orders"} {
		if got, ok := Literal(p); !ok || got != want {
			t.Errorf("Literal(%q) = %q %v", p, got, ok)
		}
	}
	for _, p := range []string{"eu\\..*", "a|b", "orders?", "(?i)orders"} {
		if _, ok := Literal(p); ok {
			t.Errorf("Literal(%q) claims a single name", p)
		}
	}
}

func TestNamedTopic(t *testing.T) {
	for p, want := range map[string]string{"eu.orders": "eu.orders", "eu\\.orders": "eu.orders", "orders": "orders"} {
		if got, ok := NamedTopic(p); !ok || got != want {
			t.Errorf("NamedTopic(%q) = %q %v, want %q", p, got, ok, want)
		}
	}
	if _, ok := NamedTopic("eu\\..*"); ok {
		t.Error("a wildcard pattern names no single topic")
	}
}

func TestOwnedKeyAndPatterns(t *testing.T) {
	for _, k := range []string{"topics", "source.cluster.bootstrap.servers", "producer.override.acks", "sync.topic.acls.enabled"} {
		if !OwnedKey(k) {
			t.Errorf("%s should be owned by the link", k)
		}
	}
	if OwnedKey("refresh.topics.interval.seconds") {
		t.Error("refresh interval is a free setting")
	}
	if CheckPattern("a,b") == nil || CheckPattern("(") == nil || CheckPattern("") == nil || CheckPattern("orders\\..*") != nil {
		t.Error("CheckPattern misjudges")
	}
	if RemoteTopicName("us-east", ".", "orders") != "us-east.orders" {
		t.Error("remote name")
	}
}

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
