// Package replication turns a replication link into MirrorMaker 2 connector
// configurations and back (link.go), and holds the naming, residency and loop
// rules over the graph of links (graph.go, residency.go, selection.go,
// pattern.go) as pure logic. estate.go reads that graph from Kafka Connect;
// apply.go and run.go write a link's connectors there and drive their state.
package replication

import (
	"slices"
	"strconv"
	"strings"
)

// Naming policies.
const (
	Prefixed = "prefixed"
	Identity = "identity"
)

const (
	sourceClass     = "org.apache.kafka.connect.mirror.MirrorSourceConnector"
	checkpointClass = "org.apache.kafka.connect.mirror.MirrorCheckpointConnector"
	heartbeatClass  = "org.apache.kafka.connect.mirror.MirrorHeartbeatConnector"
	defaultPolicy   = "org.apache.kafka.connect.mirror.DefaultReplicationPolicy"
	identityPolicy  = "org.apache.kafka.connect.mirror.IdentityReplicationPolicy"
	byteConverter   = "org.apache.kafka.connect.converters.ByteArrayConverter"
)

// Endpoint is one side of a link: how Java clients reach the cluster.
type Endpoint struct {
	Key       string
	Bootstrap []string
	Client    map[string]string // security.protocol, sasl.*, ssl.* for Java clients
}

// Link is a replication link as the user declared it.
type Link struct {
	Source, Target           Endpoint
	SourceAlias              string
	Topics, TopicsExclude    []string
	Groups, GroupsExclude    []string
	Naming                   string
	Separator                string
	SyncGroupOffsets         bool
	SyncTopicConfigs         bool
	EmitHeartbeats           bool
	EmitCheckpoints          bool
	ReplicationFactor        int // -1: the target's default.replication.factor
	OffsetSyncsTopicLocation string
	TasksMax                 int
	StartFrom                string
	Extra                    map[string]string
	// ResidencyExcludes are the patterns of the residency rules that keep
	// topics off the target; each is appended to topics.exclude so that it
	// holds back the topics it matches and their copies under CopyPrefixes.
	ResidencyExcludes []string
	CopyPrefixes      []string
}

// Names of the link's connectors: deterministic, so a plan finds them.
type Names struct{ Source, Checkpoint, Heartbeat string }

// List returns the connectors a link runs, source first; the checkpoint and
// heartbeat connectors only when it emits them.
func (n Names) List(checkpoints, heartbeats bool) []string {
	out := []string{n.Source}
	if checkpoints {
		out = append(out, n.Checkpoint)
	}
	if heartbeats {
		out = append(out, n.Heartbeat)
	}
	return out
}

// ConnectorNames returns the connector names of the link source → target.
func ConnectorNames(source, target string) Names {
	base := "geokafka-" + source + "-to-" + target
	return Names{Source: base + "-source", Checkpoint: base + "-checkpoint", Heartbeat: base + "-heartbeat"}
}

// RemoteTopicName is the name DefaultReplicationPolicy gives a source topic
// on the target.
func RemoteTopicName(alias, separator, topic string) string {
	return alias + separator + topic
}

// ownedKeys are set by the link itself; the extra config may not set them.
var ownedKeys = []string{
	"name", "connector.class", "source.cluster.alias", "target.cluster.alias", "topics", "topics.exclude",
	"groups", "groups.exclude", "replication.policy.class", "replication.policy.separator",
	"sync.group.offsets.enabled", "sync.topic.configs.enabled", "sync.topic.acls.enabled",
	"emit.heartbeats.enabled", "emit.checkpoints.enabled", "replication.factor", "offset-syncs.topic.location",
	"tasks.max", "key.converter", "value.converter", "header.converter",
}

var ownedPrefixes = []string{"source.cluster.", "target.cluster.", "producer.override.", "admin.override.", "consumer.override."}

// OwnedKey reports whether the link sets key itself, so that the extra
// config may not.
func OwnedKey(key string) bool {
	if slices.Contains(ownedKeys, key) {
		return true
	}
	for _, p := range ownedPrefixes {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// Connectors returns the configuration of every connector the link runs,
// by connector name. The checkpoint and heartbeat connectors are left out
// when their emission is off.
func (l Link) Connectors() map[string]map[string]string {
	names := ConnectorNames(l.Source.Key, l.Target.Key)
	common := map[string]string{
		"source.cluster.alias":             l.SourceAlias,
		"target.cluster.alias":             l.Target.Key,
		"source.cluster.bootstrap.servers": strings.Join(l.Source.Bootstrap, ","),
		"target.cluster.bootstrap.servers": strings.Join(l.Target.Bootstrap, ","),
		"replication.policy.separator":     l.Separator,
		"key.converter":                    byteConverter,
		"value.converter":                  byteConverter,
		"header.converter":                 byteConverter,
		"tasks.max":                        strconv.Itoa(l.TasksMax),
		// One Connect worker may serve links into several regions, so every
		// client a connector uses is pointed at its cluster explicitly.
		"producer.override.bootstrap.servers":   strings.Join(l.Target.Bootstrap, ","),
		"admin.override.bootstrap.servers":      strings.Join(l.Target.Bootstrap, ","),
		"offset-syncs.topic.location":           l.OffsetSyncsTopicLocation,
		"topics":                                strings.Join(l.Topics, ","),
		"topics.exclude":                        strings.Join(l.allExcludes(), ","),
		"groups":                                strings.Join(l.Groups, ","),
		"groups.exclude":                        strings.Join(l.GroupsExclude, ","),
		"emit.heartbeats.enabled":               strconv.FormatBool(l.EmitHeartbeats),
		"emit.checkpoints.enabled":              strconv.FormatBool(l.EmitCheckpoints),
		"sync.group.offsets.enabled":            strconv.FormatBool(l.SyncGroupOffsets),
		"sync.topic.configs.enabled":            strconv.FormatBool(l.SyncTopicConfigs),
		"sync.topic.acls.enabled":               "false", // ACLs are managed by Terraform
		"replication.factor":                    strconv.Itoa(l.ReplicationFactor),
		"offset-syncs.topic.replication.factor": strconv.Itoa(l.ReplicationFactor),
		"checkpoints.topic.replication.factor":  strconv.Itoa(l.ReplicationFactor),
		"heartbeats.topic.replication.factor":   strconv.Itoa(l.ReplicationFactor),
		// MirrorMaker looks for new topics and groups every 10 minutes by
		// default; a link should pick up a new topic within a minute.
		"refresh.topics.interval.seconds":     "30",
		"refresh.groups.interval.seconds":     "30",
		"sync.group.offsets.interval.seconds": "10",
		"emit.checkpoints.interval.seconds":   "10",
	}
	if l.Naming == Identity {
		common["replication.policy.class"] = identityPolicy
	} else {
		common["replication.policy.class"] = defaultPolicy
	}
	if l.StartFrom == "latest" {
		common["source.consumer.auto.offset.reset"] = "latest"
	}
	for k, v := range l.Source.Client {
		common["source.cluster."+k] = v
	}
	for k, v := range l.Target.Client {
		common["target.cluster."+k] = v
		common["producer.override."+k] = v
		common["admin.override."+k] = v
	}
	for k, v := range l.Extra {
		common[k] = v
	}
	with := func(name, class string) map[string]string {
		c := make(map[string]string, len(common)+2)
		for k, v := range common {
			c[k] = v
		}
		c["name"], c["connector.class"] = name, class
		return c
	}
	out := map[string]map[string]string{names.Source: with(names.Source, sourceClass)}
	if l.EmitCheckpoints {
		out[names.Checkpoint] = with(names.Checkpoint, checkpointClass)
	}
	if l.EmitHeartbeats {
		out[names.Heartbeat] = with(names.Heartbeat, heartbeatClass)
	}
	return out
}

// DefaultExcludes are MirrorMaker's own default exclusions (internal and
// replica topics), kept whatever the user excludes.
var DefaultExcludes = []string{`.*[\-\.]internal`, `.*\.replica`, `__.*`}

func (l Link) allExcludes() []string {
	out := append(append([]string(nil), l.TopicsExclude...), DefaultExcludes...)
	for _, r := range l.ResidencyExcludes {
		out = append(out, ResidencyExclude(r, l.CopyPrefixes))
	}
	return out
}

// LinkFromConfig reads a link back from its source connector's
// configuration: the inverse of Connectors for the source connector. ok is
// false when cfg is not a geokafka source connector.
func LinkFromConfig(cfg map[string]string) (Link, bool) {
	target := cfg["target.cluster.alias"]
	base, ok := strings.CutPrefix(cfg["name"], "geokafka-")
	if !ok || cfg["connector.class"] != sourceClass {
		return Link{}, false
	}
	source, ok := strings.CutSuffix(base, "-to-"+target+"-source")
	if !ok || source == "" || target == "" {
		return Link{}, false
	}
	l := Link{
		Source:                   Endpoint{Key: source, Bootstrap: splitList(cfg["source.cluster.bootstrap.servers"]), Client: clientProps(cfg, "source.cluster.")},
		Target:                   Endpoint{Key: target, Bootstrap: splitList(cfg["target.cluster.bootstrap.servers"]), Client: clientProps(cfg, "target.cluster.")},
		SourceAlias:              cfg["source.cluster.alias"],
		Topics:                   splitList(cfg["topics"]),
		Groups:                   splitList(cfg["groups"]),
		GroupsExclude:            splitList(cfg["groups.exclude"]),
		Naming:                   Prefixed,
		Separator:                cfg["replication.policy.separator"],
		OffsetSyncsTopicLocation: cfg["offset-syncs.topic.location"],
		StartFrom:                "earliest",
	}
	l.TopicsExclude, l.ResidencyExcludes, _ = SplitExcludes(splitList(cfg["topics.exclude"]), nil)
	// The prefixes every anchored exclusion covers (one written before
	// copies were covered has none).
	first := true
	for _, e := range splitList(cfg["topics.exclude"]) {
		if pattern, prefixes, ok := parseResidencyExclude(e); ok && strings.HasPrefix(pattern, "^") {
			if first {
				l.CopyPrefixes, first = prefixes, false
			} else {
				l.CopyPrefixes = slices.DeleteFunc(l.CopyPrefixes, func(p string) bool { return !slices.Contains(prefixes, p) })
			}
		}
	}
	if cfg["replication.policy.class"] == identityPolicy {
		l.Naming = Identity
	}
	if cfg["source.consumer.auto.offset.reset"] == "latest" {
		l.StartFrom = "latest"
	}
	l.SyncGroupOffsets, _ = strconv.ParseBool(cfg["sync.group.offsets.enabled"])
	l.SyncTopicConfigs, _ = strconv.ParseBool(cfg["sync.topic.configs.enabled"])
	l.EmitHeartbeats, _ = strconv.ParseBool(cfg["emit.heartbeats.enabled"])
	l.EmitCheckpoints, _ = strconv.ParseBool(cfg["emit.checkpoints.enabled"])
	l.ReplicationFactor, _ = strconv.Atoi(cfg["replication.factor"])
	l.TasksMax, _ = strconv.Atoi(cfg["tasks.max"])
	// What the link's arguments do not render is its extra configuration.
	rendered := l.Connectors()[cfg["name"]]
	for k, v := range cfg {
		if rv, ok := rendered[k]; !ok || rv != v {
			if l.Extra == nil {
				l.Extra = map[string]string{}
			}
			l.Extra[k] = v
		}
	}
	return l, true
}

// clientProps are the Java client properties of one side, without what the
// link sets itself.
func clientProps(cfg map[string]string, prefix string) map[string]string {
	var out map[string]string
	for k, v := range cfg {
		p, ok := strings.CutPrefix(k, prefix)
		if !ok || p == "alias" || p == "bootstrap.servers" {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[p] = v
	}
	return out
}

// splitList reads a comma-separated connector setting; empty means none.
// Items are kept as written, so that Connectors writes a configuration read
// from Connect back unchanged.
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// configList reads a comma-separated connector setting as MirrorMaker does:
// items trimmed, and empty ones (which select nothing) dropped.
func configList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// namingOf reads the naming of a connector's configuration: identity for
// any IdentityReplicationPolicy, whatever its package.
func namingOf(cfg map[string]string) string {
	if strings.HasSuffix(cfg["replication.policy.class"], "IdentityReplicationPolicy") {
		return Identity
	}
	return Prefixed
}

// Arguments are a link's arguments as its source connector's configuration
// holds them, read as MirrorMaker reads them, so that a change made through
// the Connect REST API shows as drift. A nil field is a setting the
// configuration lacks or holds no valid value for: the caller keeps what it
// had.
type Arguments struct {
	Topics, TopicsExclude, Groups, GroupsExclude []string
	ResidencyExcludes                            []string
	Naming, StartFrom                            string
	SourceAlias, Separator                       *string
	OffsetSyncsTopicLocation                     *string
	SyncGroupOffsets, SyncTopicConfigs           *bool
	TasksMax, ReplicationFactor                  *int64
	// Bootstrap is the address list the connectors reach each end at,
	// by "source" and "target" (where the configuration has one).
	Bootstrap map[string]string
	// Secrets is how the connectors carry each end's secrets (SecretsIn).
	Secrets map[string]string
}

// ArgumentsFromConfig reads the arguments of the source connector's
// configuration cfg. A residency exclusion that misses one of required
// prefixes is in neither list, so that the next apply writes it again.
func ArgumentsFromConfig(cfg map[string]string, required []string) Arguments {
	a := Arguments{
		Topics:        configList(cfg["topics"]),
		Groups:        configList(cfg["groups"]),
		GroupsExclude: configList(cfg["groups.exclude"]),
		Naming:        namingOf(cfg),
		StartFrom:     "earliest",
		SourceAlias:   present(cfg, "source.cluster.alias"),
		Bootstrap:     map[string]string{},
		Secrets: map[string]string{"source": SecretsIn(clientProps(cfg, "source.cluster.")),
			"target": SecretsIn(clientProps(cfg, "target.cluster."))},
		Separator:                present(cfg, "replication.policy.separator"),
		OffsetSyncsTopicLocation: present(cfg, "offset-syncs.topic.location"),
		SyncGroupOffsets:         parsed(cfg["sync.group.offsets.enabled"], strconv.ParseBool),
		SyncTopicConfigs:         parsed(cfg["sync.topic.configs.enabled"], strconv.ParseBool),
		TasksMax:                 parsed(cfg["tasks.max"], parseInt),
		ReplicationFactor:        parsed(cfg["replication.factor"], parseInt),
	}
	a.TopicsExclude, a.ResidencyExcludes, _ = SplitExcludes(configList(cfg["topics.exclude"]), required)
	if cfg["source.consumer.auto.offset.reset"] == "latest" {
		a.StartFrom = "latest"
	}
	for end, key := range map[string]string{"source": "source.cluster.bootstrap.servers", "target": "target.cluster.bootstrap.servers"} {
		if v, ok := cfg[key]; ok {
			a.Bootstrap[end] = v
		}
	}
	return a
}

func present(cfg map[string]string, key string) *string {
	if v, ok := cfg[key]; ok {
		return &v
	}
	return nil
}

func parsed[T any](s string, parse func(string) (T, error)) *T {
	v, err := parse(s)
	if err != nil {
		return nil
	}
	return &v
}

func parseInt(s string) (int64, error) { return strconv.ParseInt(s, 10, 64) }
