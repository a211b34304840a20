// Package quota holds Kafka's client-quota rules as pure logic: which entity
// combinations exist, which keys each takes, and the id format.
package quota

import (
	"fmt"
	"net"
	"slices"
	"strings"
)

// Default names the default entity of a type ("every user without a quota
// of its own").
const Default = "<default>"

// Entity types as Kafka names them.
const (
	User     = "user"
	ClientID = "client-id"
	IP       = "ip"
)

var (
	clientKeys = []string{"consumer_byte_rate", "controller_mutation_rate", "producer_byte_rate", "request_percentage"}
	ipKeys     = []string{"connection_creation_rate"}
)

// Entity is a quota entity: a map from entity type to name (Default for the
// default entity). Valid combinations: user, client-id, user+client-id, ip.
type Entity map[string]string

// Check returns why the entity is not one Kafka accepts, or nil.
func (e Entity) Check() error {
	_, u := e[User]
	_, c := e[ClientID]
	_, i := e[IP]
	switch {
	case len(e) == 0:
		return fmt.Errorf("set at least one of user, client_id or ip")
	case i && (u || c):
		return fmt.Errorf("ip quotas stand alone: use ip by itself, or user and/or client_id without ip")
	}
	for t, n := range e {
		if n == "" {
			return fmt.Errorf("%s cannot be empty; use %q for the default entity", attrName(t), Default)
		}
	}
	// Brokers match ip quotas against a connection's address: a host name
	// would be accepted and never apply.
	if n := e[IP]; i && n != Default && net.ParseIP(n) == nil {
		return fmt.Errorf("ip %q is not an IP address: give one such as 203.0.113.7 or 2001:db8::7, or %q for the default", n, Default)
	}
	return nil
}

// Keys returns the quota keys the entity takes.
func (e Entity) Keys() []string {
	if _, ok := e[IP]; ok {
		return ipKeys
	}
	return clientKeys
}

// CheckValues returns, per key, why a value is refused.
func (e Entity) CheckValues(values map[string]float64) map[string]string {
	problems := map[string]string{}
	allowed := e.Keys()
	for k, v := range values {
		if !slices.Contains(allowed, k) {
			problems[k] = fmt.Sprintf("%q is not a quota of this entity; use one of %s.", k, strings.Join(allowed, ", "))
			continue
		}
		if v < 0 || (k == "request_percentage" && v == 0) {
			problems[k] = fmt.Sprintf("%s must be positive, got %v.", k, v)
		}
	}
	return problems
}

// ID formats the entity as "<type>=<name>,..." in a fixed order, e.g.
// "user=alice,client-id=app".
func (e Entity) ID() string {
	var parts []string
	for _, t := range []string{User, ClientID, IP} {
		if n, ok := e[t]; ok {
			parts = append(parts, t+"="+n)
		}
	}
	return strings.Join(parts, ",")
}

// ParseEntity reads the form ID writes.
func ParseEntity(s string) (Entity, error) {
	e := Entity{}
	for _, part := range strings.Split(s, ",") {
		t, n, ok := strings.Cut(part, "=")
		t = strings.ReplaceAll(t, "_", "-")
		if !ok || (t != User && t != ClientID && t != IP) {
			return nil, fmt.Errorf("%q is not <type>=<name> with type user, client-id or ip", part)
		}
		e[t] = n
	}
	return e, e.Check()
}

func attrName(t string) string { return strings.ReplaceAll(t, "-", "_") }
