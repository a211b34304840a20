package replication

import (
	"reflect"
	"strings"
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

func TestOwnedKeyAndPatterns(t *testing.T) {
	for _, k := range []string{"topics", "source.cluster.bootstrap.servers", "producer.override.acks", "sync.topic.acls.enabled"} {
		if !OwnedKey(k) {
			t.Errorf("%s should be owned by the link", k)
		}
	}
	if OwnedKey("refresh.topics.interval.seconds") {
		t.Error("refresh interval is a free setting")
	}
	if CheckPattern("a,b") == nil || CheckPattern("(") == nil || CheckPattern("") == nil || CheckPattern("orders\\..*") != nil ||
		CheckPattern(`\Qa.b`) == nil || CheckPattern(`\Qa.b\E|c`) != nil || CheckPattern(`\\Q`) != nil || CheckPattern(`x\Q\E\Q`) == nil {
		t.Error("CheckPattern misjudges")
	}
	if RemoteTopicName("us-east", ".", "orders") != "us-east.orders" {
		t.Error("remote name")
	}
}

func TestLinkFromConfigRoundTrip(t *testing.T) {
	l := testLink()
	l.TopicsExclude = []string{`orders\.test`}
	l.GroupsExclude = []string{"tmp-.*"}
	l.Groups = []string{".*"}
	l.CopyPrefixes = []string{"ap-south.", "eu-west."}
	l.Target.Client = map[string]string{"security.protocol": "SSL", "ssl.truststore.type": "PEM"}
	l.Extra = map[string]string{"refresh.topics.interval.seconds": "5", "offset.lag.max": "10"}
	l.StartFrom = "latest"
	for _, naming := range []string{Prefixed, Identity} {
		l.Naming = naming
		got, ok := LinkFromConfig(l.Connectors()[ConnectorNames("us-east", "eu-west").Source])
		if !ok || !reflect.DeepEqual(got, l) {
			t.Fatalf("round trip (%s):\n got %+v\nwant %+v", naming, got, l)
		}
	}
	// A source key holding "-to-" is read back from the target alias.
	l.Source.Key, l.SourceAlias = "go-to-market", "go-to-market"
	if got, ok := LinkFromConfig(l.Connectors()[ConnectorNames("go-to-market", "eu-west").Source]); !ok || got.Source.Key != "go-to-market" {
		t.Fatalf("source key %q", got.Source.Key)
	}
	if _, ok := LinkFromConfig(l.Connectors()[ConnectorNames("go-to-market", "eu-west").Checkpoint]); ok {
		t.Fatal("a checkpoint connector read as a link")
	}
	if _, ok := LinkFromConfig(map[string]string{"name": "other", "connector.class": "x"}); ok {
		t.Fatal("a connector of someone else read as a link")
	}
	if !strings.HasPrefix(l.ID(), "go-to-market|") {
		t.Fatal(l.ID())
	}
}

func TestNamesList(t *testing.T) {
	n := ConnectorNames("a", "b")
	if got := n.List(true, true); !reflect.DeepEqual(got, []string{n.Source, n.Checkpoint, n.Heartbeat}) {
		t.Errorf("all: %v", got)
	}
	if got := n.List(false, true); !reflect.DeepEqual(got, []string{n.Source, n.Heartbeat}) {
		t.Errorf("no checkpoints: %v", got)
	}
	if got := n.List(false, false); !reflect.DeepEqual(got, []string{n.Source}) {
		t.Errorf("source only: %v", got)
	}
}

func TestArgumentsFromConfig(t *testing.T) {
	str := func(s string) *string { return &s }
	boolean := func(b bool) *bool { return &b }
	num := func(n int64) *int64 { return &n }
	l := testLink()
	l.TopicsExclude, l.Groups, l.GroupsExclude = []string{`orders\.test`}, []string{".*"}, []string{"tmp-.*"}
	l.ResidencyExcludes = []string{`^eu\.`, `\.pii$`}
	l.CopyPrefixes = []string{"us-east."}
	l.StartFrom, l.SyncTopicConfigs = "latest", false
	cfg := l.Connectors()[ConnectorNames("us-east", "eu-west").Source]
	want := Arguments{
		Topics: l.Topics, TopicsExclude: l.TopicsExclude, Groups: l.Groups, GroupsExclude: l.GroupsExclude,
		ResidencyExcludes: l.ResidencyExcludes, Naming: Prefixed, StartFrom: "latest",
		SourceAlias: str("us-east"), Separator: str("."), OffsetSyncsTopicLocation: str("source"),
		SyncGroupOffsets: boolean(true), SyncTopicConfigs: boolean(false), TasksMax: num(2), ReplicationFactor: num(-1),
		Bootstrap: map[string]string{"source": strings.Join(l.Source.Bootstrap, ","), "target": strings.Join(l.Target.Bootstrap, ",")},
		Secrets:   map[string]string{"source": SecretsNone, "target": SecretsNone},
	}
	if got := ArgumentsFromConfig(cfg, []string{"us-east."}); !reflect.DeepEqual(got, want) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, want)
	}
	// An anchored exclusion that misses a required prefix is stale: in
	// neither list, so the apply writes it again.
	if got := ArgumentsFromConfig(cfg, []string{"ap-south.", "us-east."}); !reflect.DeepEqual(got.ResidencyExcludes, []string{`\.pii$`}) ||
		!reflect.DeepEqual(got.TopicsExclude, l.TopicsExclude) {
		t.Fatalf("stale exclusion: user %v residency %v", got.TopicsExclude, got.ResidencyExcludes)
	}
	// Edited by hand: lists read as MirrorMaker reads them, any identity
	// policy, and nil for settings missing or unreadable.
	got := ArgumentsFromConfig(map[string]string{
		"topics":                     " orders , ,pay\\..* ",
		"replication.policy.class":   "com.example.IdentityReplicationPolicy",
		"tasks.max":                  "two",
		"sync.topic.configs.enabled": "TRUE",
	}, nil)
	want = Arguments{Topics: []string{"orders", `pay\..*`}, Naming: Identity, StartFrom: "earliest", SyncTopicConfigs: boolean(true), Bootstrap: map[string]string{},
		Secrets: map[string]string{"source": SecretsNone, "target": SecretsNone}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("edited by hand:\n got %+v\nwant %+v", got, want)
	}
}
