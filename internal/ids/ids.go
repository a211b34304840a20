// Package ids formats and parses the ids of topics, SCRAM credentials,
// cluster settings and replication links, which are also their import ids.
// A cluster key holds letters, digits, '.', '_' and '-' only (the provider
// checks it), so the separators '/' and '|' never occur in it.
package ids

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Topic is "<cluster>/<topic>".
func Topic(cluster, name string) string { return cluster + "/" + name }

// ParseTopic reads "<cluster>/<topic>", or "<topic>" alone, whose cluster is
// then "" (the provider's only cluster).
func ParseTopic(id string) (cluster, name string, err error) {
	cluster, name, ok := strings.Cut(id, "/")
	if !ok {
		cluster, name = "", id
	}
	if name == "" {
		return "", "", fmt.Errorf("import ID %q names no topic: use <cluster>/<topic>, or <topic> when the provider has a single cluster", id)
	}
	return cluster, name, nil
}

// SCRAM is "<cluster>|<username>|<mechanism>".
func SCRAM(cluster, user, mechanism string) string { return cluster + "|" + user + "|" + mechanism }

// ParseSCRAM reads "<cluster>|<username>|<mechanism>". The user name may
// hold '|' itself: the cluster ends at the first bar, the mechanism starts
// after the last.
func ParseSCRAM(id string) (cluster, user, mechanism string, err error) {
	cluster, rest, ok1 := strings.Cut(id, "|")
	i := strings.LastIndex(rest, "|")
	if !ok1 || i < 0 || rest[:i] == "" {
		return "", "", "", fmt.Errorf("import ID %q is not <cluster>|<username>|<mechanism>, for example us-east|alice|SCRAM-SHA-512", id)
	}
	return cluster, rest[:i], rest[i+1:], nil
}

// ClusterConfig is "<cluster>" for the cluster-wide settings, or
// "<cluster>|<broker_id>" for one broker's.
func ClusterConfig(cluster string, broker *int32) string {
	if broker == nil {
		return cluster
	}
	return cluster + "|" + strconv.Itoa(int(*broker))
}

// ParseClusterConfig reads what ClusterConfig writes.
func ParseClusterConfig(id string) (cluster string, broker *int32, err error) {
	cluster, b, hasBroker := strings.Cut(id, "|")
	if cluster == "" {
		return "", nil, fmt.Errorf("import ID %q names no cluster: use <cluster> or <cluster>|<broker_id>", id)
	}
	if !hasBroker {
		return cluster, nil, nil
	}
	n, err := strconv.ParseInt(b, 10, 32)
	if err != nil || n < 0 || strconv.FormatInt(n, 10) != b {
		return "", nil, fmt.Errorf("import ID %q: %q is not a broker id; use <cluster> or <cluster>|<broker_id>, for example us-east|1", id, b)
	}
	id32 := int32(n)
	return cluster, &id32, nil
}

// Link is "<source>|<target>".
func Link(source, target string) string { return source + "|" + target }

var errLink = errors.New("is not <source>|<target>, for example us-east|eu-west")

// ParseLink reads "<source>|<target>".
func ParseLink(id string) (source, target string, err error) {
	source, target, ok := strings.Cut(id, "|")
	if !ok || source == "" || target == "" || strings.Contains(target, "|") {
		return "", "", fmt.Errorf("import ID %q %w", id, errLink)
	}
	return source, target, nil
}
