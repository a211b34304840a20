package acl

import (
	"testing"
)

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"Topic": "TOPIC", "topic": "TOPIC", "TransactionalID": "TRANSACTIONAL_ID", "transactional_id": "TRANSACTIONAL_ID",
		"DelegationToken": "DELEGATION_TOKEN", "Cluster": "CLUSTER", "User": "USER",
	} {
		if got, ok := Normalize(in, ResourceTypes); !ok || got != want {
			t.Errorf("resource type %q -> %q, %v; want %q", in, got, ok, want)
		}
	}
	for in, want := range map[string]string{
		"Write": "WRITE", "DescribeConfigs": "DESCRIBE_CONFIGS", "IdempotentWrite": "IDEMPOTENT_WRITE", "ClusterAction": "CLUSTER_ACTION", "All": "ALL",
	} {
		if got, ok := Normalize(in, Operations); !ok || got != want {
			t.Errorf("operation %q -> %q, %v; want %q", in, got, ok, want)
		}
	}
	if got, _ := Normalize("Allow", Permissions); got != "ALLOW" {
		t.Errorf("Allow -> %q", got)
	}
	if got, _ := Normalize("Prefixed", PatternTypes); got != "PREFIXED" {
		t.Errorf("Prefixed -> %q", got)
	}
	if _, ok := Normalize("Any", PatternTypes); ok {
		t.Error("Any is a filter, not a pattern type of a binding")
	}
	if _, ok := Normalize("Wrte", Operations); ok {
		t.Error("typo accepted")
	}
}

func TestCheck(t *testing.T) {
	ok := Binding{Principal: "User:alice", Host: "*", Operation: "WRITE", Permission: "ALLOW", ResourceType: "TOPIC", ResourceName: "orders", PatternType: "LITERAL"}
	if p := ok.Check(); len(p) != 0 {
		t.Fatalf("valid binding refused: %v", p)
	}
	for name, tc := range map[string]struct {
		mod  func(*Binding)
		attr string
	}{
		"cluster name": {func(b *Binding) { b.ResourceType, b.Operation, b.ResourceName = "CLUSTER", "ALTER", "orders" }, "resource_name"},
		"cluster prefixed": {func(b *Binding) {
			b.ResourceType, b.Operation, b.ResourceName, b.PatternType = "CLUSTER", "ALTER", "kafka-cluster", "PREFIXED"
		}, "pattern_type"},
		"group write":   {func(b *Binding) { b.ResourceType = "GROUP" }, "operation"},
		"topic tokens":  {func(b *Binding) { b.Operation = "CREATE_TOKENS" }, "operation"},
		"bad principal": {func(b *Binding) { b.Principal = "alice" }, "principal"},
		"empty name":    {func(b *Binding) { b.ResourceName = "" }, "resource_name"},
	} {
		b := ok
		tc.mod(&b)
		if _, found := b.Check()[tc.attr]; !found {
			t.Errorf("%s: want a problem on %s, got %v", name, tc.attr, b.Check())
		}
	}
}

func TestID(t *testing.T) {
	b := Binding{Principal: "User:alice", Host: "*", Operation: "WRITE", Permission: "ALLOW", ResourceType: "TOPIC", ResourceName: "orders", PatternType: "PREFIXED"}
	id := ID("us-east", b)
	if id != "us-east|User:alice|*|WRITE|ALLOW|TOPIC|orders|PREFIXED" {
		t.Fatalf("id = %q", id)
	}
	c, got, err := ParseID("us-east|User:alice|*|Write|Allow|Topic|orders|Prefixed")
	if err != nil || c != "us-east" || got != b {
		t.Fatalf("parse: %q %+v %v", c, got, err)
	}
	if _, _, err := ParseID("us-east|User:alice|*|WRITE"); err == nil {
		t.Fatal("short id accepted")
	}
	if _, _, err := ParseID("us-east|User:alice|*|FLY|ALLOW|TOPIC|orders|LITERAL"); err == nil {
		t.Fatal("unknown operation accepted")
	}
}
