// Package acl holds Kafka's ACL vocabulary as pure logic: canonical names,
// the spellings other tools use, which operations each resource type has,
// and the import id format.
package acl

import (
	"fmt"
	"slices"
	"strings"
)

// Canonical values, as Kafka names them.
var (
	ResourceTypes = []string{"TOPIC", "GROUP", "CLUSTER", "TRANSACTIONAL_ID", "DELEGATION_TOKEN", "USER"}
	Operations    = []string{"ALL", "READ", "WRITE", "CREATE", "DELETE", "ALTER", "DESCRIBE", "CLUSTER_ACTION",
		"DESCRIBE_CONFIGS", "ALTER_CONFIGS", "IDEMPOTENT_WRITE", "CREATE_TOKENS", "DESCRIBE_TOKENS"}
	Permissions  = []string{"ALLOW", "DENY"}
	PatternTypes = []string{"LITERAL", "PREFIXED"}
)

// ClusterResourceName is the only name a CLUSTER resource has.
const ClusterResourceName = "kafka-cluster"

// operationsOf lists the operations Kafka defines for each resource type.
var operationsOf = map[string][]string{
	"TOPIC":            {"ALL", "READ", "WRITE", "CREATE", "DESCRIBE", "DELETE", "ALTER", "DESCRIBE_CONFIGS", "ALTER_CONFIGS"},
	"GROUP":            {"ALL", "READ", "DESCRIBE", "DELETE"},
	"CLUSTER":          {"ALL", "CREATE", "CLUSTER_ACTION", "DESCRIBE_CONFIGS", "ALTER_CONFIGS", "IDEMPOTENT_WRITE", "ALTER", "DESCRIBE"},
	"TRANSACTIONAL_ID": {"ALL", "DESCRIBE", "WRITE"},
	"DELEGATION_TOKEN": {"ALL", "DESCRIBE"},
	"USER":             {"ALL", "CREATE_TOKENS", "DESCRIBE_TOKENS"},
}

// Normalize maps a spelling (canonical, or the community provider's such as
// "Topic", "TransactionalID", "DescribeConfigs", "Allow", "Prefixed") to the
// canonical value among allowed. ok is false when nothing matches.
func Normalize(value string, allowed []string) (string, bool) {
	key := squash(value)
	for _, a := range allowed {
		if squash(a) == key {
			return a, true
		}
	}
	return "", false
}

func squash(s string) string {
	return strings.ToUpper(strings.NewReplacer("_", "", "-", "", " ", "").Replace(s))
}

// Binding is one ACL entry in canonical form.
type Binding struct {
	Principal    string
	Host         string
	Operation    string
	Permission   string
	ResourceType string
	ResourceName string
	PatternType  string
}

// Check returns every reason the binding is impossible, as sentences that say
// how to fix it, keyed by attribute name.
func (b Binding) Check() map[string]string {
	problems := map[string]string{}
	if !strings.Contains(b.Principal, ":") || strings.HasPrefix(b.Principal, ":") || strings.HasSuffix(b.Principal, ":") {
		problems["principal"] = fmt.Sprintf("principal %q is not of the form <type>:<name>, for example User:alice.", b.Principal)
	}
	if ops, ok := operationsOf[b.ResourceType]; ok {
		if !slices.Contains(ops, b.Operation) {
			problems["operation"] = fmt.Sprintf("a %s resource has no %s operation; use one of %s.", b.ResourceType, b.Operation, strings.Join(ops, ", "))
		}
	}
	if b.ResourceType == "CLUSTER" {
		if b.ResourceName != ClusterResourceName {
			problems["resource_name"] = fmt.Sprintf("the CLUSTER resource is always named %q, not %q.", ClusterResourceName, b.ResourceName)
		}
		if b.PatternType != "LITERAL" {
			problems["pattern_type"] = "the CLUSTER resource only takes the LITERAL pattern type."
		}
	}
	if b.ResourceName == "" {
		problems["resource_name"] = "resource_name cannot be empty; use \"*\" for every resource of the type (with pattern_type LITERAL)."
	}
	return problems
}

// ID formats the import id: <cluster>|<principal>|<host>|<operation>|<permission>|<resource_type>|<resource_name>|<pattern_type>.
func ID(cluster string, b Binding) string {
	return strings.Join([]string{cluster, b.Principal, b.Host, b.Operation, b.Permission, b.ResourceType, b.ResourceName, b.PatternType}, "|")
}

// ParseID reads an import id, normalising the enumerated parts.
func ParseID(id string) (cluster string, b Binding, err error) {
	parts := strings.Split(id, "|")
	if len(parts) != 8 {
		return "", b, fmt.Errorf("import id %q has %d parts separated by |, want 8: "+
			"<cluster>|<principal>|<host>|<operation>|<permission>|<resource_type>|<resource_name>|<pattern_type>", id, len(parts))
	}
	b, err = Canonical(Binding{Principal: parts[1], Host: parts[2], Operation: parts[3], Permission: parts[4],
		ResourceType: parts[5], ResourceName: parts[6], PatternType: parts[7]})
	if err != nil {
		return "", b, fmt.Errorf("import id %q: %w", id, err)
	}
	return parts[0], b, nil
}

// SpellingError is an enumerated field of a binding that no spelling of
// Kafka's values matches.
type SpellingError struct {
	Field   string // the geokafka_acl attribute: operation, permission, resource_type, pattern_type
	Value   string
	Allowed []string
}

func (e *SpellingError) Error() string {
	return fmt.Sprintf("%s %q is not one of %s", e.Field, e.Value, strings.Join(e.Allowed, ", "))
}

// Canonical returns b with its enumerated fields in Kafka's canonical form
// (see Normalize), or a *SpellingError for the first one that has none.
func Canonical(b Binding) (Binding, error) {
	for _, f := range []struct {
		field   string
		v       *string
		allowed []string
	}{
		{"operation", &b.Operation, Operations},
		{"permission", &b.Permission, Permissions},
		{"resource_type", &b.ResourceType, ResourceTypes},
		{"pattern_type", &b.PatternType, PatternTypes},
	} {
		c, ok := Normalize(*f.v, f.allowed)
		if !ok {
			return b, &SpellingError{Field: f.field, Value: *f.v, Allowed: f.allowed}
		}
		*f.v = c
	}
	return b, nil
}
