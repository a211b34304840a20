// Package community reads resources of the community Kafka provider
// (mongey/kafka) into geokafka's terms, for `moved` blocks that take an
// estate from that provider to geokafka without touching Kafka.
package community

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/geokafka/terraform-provider-geokafka/internal/acl"
	"github.com/geokafka/terraform-provider-geokafka/internal/quota"
)

// IsProvider reports whether addr (host/namespace/type) is the community
// provider, under either CLI's registry host.
func IsProvider(addr string) bool {
	host, rest, ok := strings.Cut(strings.ToLower(addr), "/")
	return ok && rest == "mongey/kafka" && (host == "registry.terraform.io" || host == "registry.opentofu.org")
}

// Topic is a kafka_topic.
type Topic struct {
	Name              string            `json:"name"`
	Partitions        int64             `json:"partitions"`
	ReplicationFactor int64             `json:"replication_factor"`
	Config            map[string]string `json:"config"`
}

// ParseTopic reads the state of a kafka_topic.
func ParseTopic(raw []byte) (Topic, error) {
	var t Topic
	if err := decode(raw, &t); err != nil {
		return t, err
	}
	if t.Name == "" {
		return t, fmt.Errorf("the kafka_topic state has no name")
	}
	return t, nil
}

// ParseACL reads the state of a kafka_acl into a canonical binding.
func ParseACL(raw []byte) (acl.Binding, error) {
	var s struct {
		ResourceName string `json:"resource_name"`
		ResourceType string `json:"resource_type"`
		PatternType  string `json:"resource_pattern_type_filter"`
		Principal    string `json:"acl_principal"`
		Host         string `json:"acl_host"`
		Operation    string `json:"acl_operation"`
		Permission   string `json:"acl_permission_type"`
	}
	if err := decode(raw, &s); err != nil {
		return acl.Binding{}, err
	}
	if s.PatternType == "" {
		s.PatternType = "Literal" // the community provider's default
	}
	b, err := acl.Canonical(acl.Binding{Principal: s.Principal, Host: s.Host, Operation: s.Operation, Permission: s.Permission,
		ResourceType: s.ResourceType, ResourceName: s.ResourceName, PatternType: s.PatternType})
	var bad *acl.SpellingError
	if errors.As(err, &bad) {
		return b, fmt.Errorf("the kafka_acl state has %s %q, which geokafka_acl cannot hold (one of %s)",
			communityACLAttr[bad.Field], bad.Value, strings.Join(bad.Allowed, ", "))
	}
	return b, err
}

// communityACLAttr names geokafka_acl's enumerated attributes as kafka_acl does.
var communityACLAttr = map[string]string{
	"operation": "acl_operation", "permission": "acl_permission_type",
	"resource_type": "resource_type", "pattern_type": "resource_pattern_type_filter",
}

// ParseQuota reads the state of a kafka_quota.
func ParseQuota(raw []byte) (quota.Entity, map[string]float64, error) {
	var s struct {
		EntityName string             `json:"entity_name"`
		EntityType string             `json:"entity_type"`
		Config     map[string]float64 `json:"config"`
	}
	if err := decode(raw, &s); err != nil {
		return nil, nil, err
	}
	switch s.EntityType {
	case quota.User, quota.ClientID, quota.IP:
	default:
		return nil, nil, fmt.Errorf("the kafka_quota state has entity_type %q; use user, client-id or ip", s.EntityType)
	}
	e := quota.Entity{s.EntityType: s.EntityName}
	return e, s.Config, e.Check()
}

// SCRAM is a kafka_user_scram_credential. Password is empty when the source
// kept it write-only.
type SCRAM struct {
	Username   string `json:"username"`
	Mechanism  string `json:"scram_mechanism"`
	Iterations int64  `json:"scram_iterations"`
	Password   string `json:"password"`
}

// ParseSCRAM reads the state of a kafka_user_scram_credential.
func ParseSCRAM(raw []byte) (SCRAM, error) {
	var s SCRAM
	if err := decode(raw, &s); err != nil {
		return s, err
	}
	if s.Username == "" || s.Mechanism == "" {
		return s, fmt.Errorf("the kafka_user_scram_credential state has no username or scram_mechanism")
	}
	if s.Iterations == 0 {
		s.Iterations = 4096 // the community provider's default
	}
	return s, nil
}

func decode(raw []byte, v any) error {
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("reading the community provider's state: %w", err)
	}
	return nil
}
