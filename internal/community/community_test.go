package community

import (
	"reflect"
	"strings"
	"testing"

	"github.com/geokafka/terraform-provider-geokafka/internal/acl"
	"github.com/geokafka/terraform-provider-geokafka/internal/quota"
)

func TestIsProvider(t *testing.T) {
	for addr, want := range map[string]bool{
		"registry.terraform.io/mongey/kafka":   true,
		"registry.opentofu.org/Mongey/kafka":   true,
		"registry.terraform.io/geokafka/kafka": false,
		"mongey/kafka":                         false,
		"example.com/mongey/kafka":             false,
	} {
		if got := IsProvider(addr); got != want {
			t.Errorf("IsProvider(%q) = %v, want %v", addr, got, want)
		}
	}
}

func TestParseTopic(t *testing.T) {
	got, err := ParseTopic([]byte(`{"id":"orders","name":"orders","partitions":6,"replication_factor":3,"config":{"retention.ms":"1000"}}`))
	want := Topic{Name: "orders", Partitions: 6, ReplicationFactor: 3, Config: map[string]string{"retention.ms": "1000"}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("ParseTopic = %+v, %v; want %+v", got, err, want)
	}
	if _, err := ParseTopic([]byte(`{"partitions":1}`)); err == nil {
		t.Error("a topic without a name was read")
	}
	if _, err := ParseTopic([]byte(`{`)); err == nil {
		t.Error("broken JSON was read")
	}
}

// The community provider's spellings become Kafka's canonical names, and
// the pattern type defaults as that provider's schema does.
func TestParseACL(t *testing.T) {
	got, err := ParseACL([]byte(`{"resource_name":"orders","resource_type":"Topic","acl_principal":"User:app","acl_host":"*",
		"acl_operation":"DescribeConfigs","acl_permission_type":"Allow"}`))
	want := acl.Binding{Principal: "User:app", Host: "*", Operation: "DESCRIBE_CONFIGS", Permission: "ALLOW",
		ResourceType: "TOPIC", ResourceName: "orders", PatternType: "LITERAL"}
	if err != nil || got != want {
		t.Errorf("ParseACL = %+v, %v; want %+v", got, err, want)
	}
	got, err = ParseACL([]byte(`{"resource_name":"tx-","resource_type":"TransactionalID","resource_pattern_type_filter":"Prefixed",
		"acl_principal":"User:app","acl_host":"*","acl_operation":"Write","acl_permission_type":"Deny"}`))
	if err != nil || got.ResourceType != "TRANSACTIONAL_ID" || got.PatternType != "PREFIXED" || got.Permission != "DENY" {
		t.Errorf("ParseACL = %+v, %v", got, err)
	}
	_, err = ParseACL([]byte(`{"resource_name":"x","resource_type":"Topic","resource_pattern_type_filter":"Match",
		"acl_principal":"User:app","acl_host":"*","acl_operation":"Read","acl_permission_type":"Allow"}`))
	if err == nil || !strings.Contains(err.Error(), "resource_pattern_type_filter") {
		t.Errorf("a Match filter gave %v, want an error naming resource_pattern_type_filter", err)
	}
}

func TestParseQuota(t *testing.T) {
	e, values, err := ParseQuota([]byte(`{"entity_name":"app","entity_type":"client-id","config":{"producer_byte_rate":1048576}}`))
	if err != nil || !reflect.DeepEqual(e, quota.Entity{quota.ClientID: "app"}) || values["producer_byte_rate"] != 1048576 {
		t.Errorf("ParseQuota = %v %v %v", e, values, err)
	}
	if _, _, err := ParseQuota([]byte(`{"entity_name":"app","entity_type":"group"}`)); err == nil {
		t.Error("an unknown entity type was read")
	}
	if _, _, err := ParseQuota([]byte(`{"entity_name":"","entity_type":"user"}`)); err == nil {
		t.Error("an empty entity name was read")
	}
}

func TestParseSCRAM(t *testing.T) {
	got, err := ParseSCRAM([]byte(`{"username":"app","scram_mechanism":"SCRAM-SHA-512","password":"pw"}`))
	want := SCRAM{Username: "app", Mechanism: "SCRAM-SHA-512", Iterations: 4096, Password: "pw"}
	if err != nil || got != want {
		t.Errorf("ParseSCRAM = %+v, %v; want %+v", got, err, want)
	}
	if _, err := ParseSCRAM([]byte(`{"username":"app"}`)); err == nil {
		t.Error("a credential without a mechanism was read")
	}
}
