package kafka

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/twmb/franz-go/pkg/kmsg"
)

// Topic is what the provider knows of a topic: its layout and every config
// entry the broker reports (defaults included, marked as such).
type Topic struct {
	Name       string
	ID         string
	Internal   bool
	Partitions []Partition // ordered by ID
	// Config holds the values set on the topic itself (and any that differ
	// from Inherited); Inherited the broker-level and built-in values, one
	// map shared by the topics read together: on a cluster of 10,000 topics,
	// a copy per topic held about 100 MB. Entry reads both.
	Config    map[string]ConfigEntry
	Inherited map[string]ConfigEntry
}

// Entry returns the topic's value of config key k.
func (t *Topic) Entry(k string) (ConfigEntry, bool) {
	if e, ok := t.Config[k]; ok {
		return e, true
	}
	e, ok := t.Inherited[k]
	return e, ok
}

// Partition is one partition's placement.
type Partition struct {
	ID       int32
	Leader   int32
	Replicas []int32
	ISR      []int32
}

// ConfigEntry is one config value and where it comes from.
type ConfigEntry struct {
	Value     string
	Source    kmsg.ConfigSource
	Sensitive bool
	ReadOnly  bool
	Type      kmsg.ConfigType
}

// IsOverride reports whether the value is set on the topic itself rather
// than inherited from a broker or built-in default.
func (e ConfigEntry) IsOverride() bool { return e.Source == kmsg.ConfigSourceDynamicTopicConfig }

// ConfigChange is one incremental config operation: Delete resets the key to
// its default, otherwise Value is set.
type ConfigChange struct {
	Key    string
	Value  string
	Delete bool
}

// ReplicationFactor is the replica count of the topic's first partition.
func (t *Topic) ReplicationFactor() int {
	if len(t.Partitions) == 0 {
		return 0
	}
	return len(t.Partitions[0].Replicas)
}

// UniformReplicationFactor is the replica count shared by every partition;
// ok is false when partitions differ (a half-done or out-of-band reassignment).
func (t *Topic) UniformReplicationFactor() (rf int, ok bool) {
	rf = t.ReplicationFactor()
	for _, p := range t.Partitions {
		if len(p.Replicas) != rf {
			return 0, false
		}
	}
	return rf, true
}

// Overrides returns the config values set on the topic itself.
func (t *Topic) Overrides() map[string]string {
	out := map[string]string{}
	for k, e := range t.Config {
		if e.IsOverride() {
			out[k] = e.Value
		}
	}
	return out
}

// Broker is one broker of the cluster.
type Broker struct {
	ID   int32
	Host string
	Port int32
	Rack string
}

// ClusterInfo is the cluster-level part of a metadata response.
type ClusterInfo struct {
	ClusterID    string
	ControllerID int32
	Brokers      []Broker // ordered by ID
}

// HasBroker reports whether id is a live broker of the cluster.
func (ci ClusterInfo) HasBroker(id int32) bool {
	return slices.ContainsFunc(ci.Brokers, func(b Broker) bool { return b.ID == id })
}

// BrokerIDs lists the live brokers' ids, "1, 2, 3".
func (ci ClusterInfo) BrokerIDs() string {
	ids := make([]string, len(ci.Brokers))
	for i, b := range ci.Brokers {
		ids[i] = strconv.Itoa(int(b.ID))
	}
	return strings.Join(ids, ", ")
}

// Racks returns the distinct racks of the brokers, sorted.
func (ci ClusterInfo) Racks() []string {
	seen := map[string]bool{}
	var racks []string
	for _, b := range ci.Brokers {
		if b.Rack != "" && !seen[b.Rack] {
			seen[b.Rack] = true
			racks = append(racks, b.Rack)
		}
	}
	sort.Strings(racks)
	return racks
}
