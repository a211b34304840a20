package replication

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// ID is a link's identity: "<source>|<target>".
func (l Link) ID() string { return l.Source.Key + "|" + l.Target.Key }

// With returns links with l in place of the link it replaces (same source
// and target), or added.
func With(links []Link, l Link) []Link {
	out := make([]Link, 0, len(links)+1)
	for _, x := range links {
		if x.ID() != l.ID() {
			out = append(out, x)
		}
	}
	return append(out, l)
}

// Loop returns a ring of links through l, in order from l, that MirrorMaker
// cannot see as a ring, or nil. MirrorMaker stops a record that comes back
// to its origin only when every link on the ring is prefixed with its
// source's key as alias (the alias the next link expects) and all share one
// separator; otherwise records circle forever, under one name (identity) or
// under ever longer ones.
func Loop(links []Link, l Link) []Link {
	var ring []Link
	var walk func(at string, path []Link, seen map[string]bool) bool
	walk = func(at string, path []Link, seen map[string]bool) bool {
		if at == l.Source.Key {
			if !seenByMirrorMaker(path) {
				ring = append([]Link(nil), path...)
				return true
			}
			return false
		}
		for _, x := range links {
			if x.Source.Key != at || x.ID() == l.ID() || seen[x.Target.Key] {
				continue
			}
			seen[x.Target.Key] = true
			if walk(x.Target.Key, append(path, x), seen) {
				return true
			}
			delete(seen, x.Target.Key)
		}
		return false
	}
	walk(l.Target.Key, []Link{l}, map[string]bool{l.Target.Key: true})
	return ring
}

func seenByMirrorMaker(ring []Link) bool {
	for _, x := range ring {
		if x.Naming == Identity || x.SourceAlias != x.Source.Key || x.Separator != ring[0].Separator {
			return false
		}
	}
	return true
}

// DescribeRing writes a ring as "a -> b (identity) -> c (prefixed) -> a".
func DescribeRing(ring []Link) string {
	var b strings.Builder
	for _, x := range ring {
		fmt.Fprintf(&b, "%s -> ", x.Source.Key)
		if x.Naming == Identity {
			b.WriteString("(identity) ")
		} else {
			fmt.Fprintf(&b, "(prefixed %q) ", x.SourceAlias+x.Separator)
		}
	}
	b.WriteString(ring[0].Source.Key)
	return b.String()
}

// CopyPath returns the links, in the order records travel them, that bring
// a topic the rule matches onto cluster under name, with that topic's name;
// no links when the name itself matches. ok is false when no chain of the
// known links explains the name.
func CopyPath(links []Link, rule Rule, cluster, name string) (origin string, path []Link, ok bool) {
	type state struct {
		cluster string
		at      int // bytes of name taken by prefixes so far
	}
	type step struct {
		from state
		link Link
	}
	parent := map[state]*step{}
	start := state{cluster, 0}
	parent[start] = nil
	for queue := []state{start}; len(queue) > 0; queue = queue[1:] {
		s := queue[0]
		if rule.Matches(name[s.at:]) {
			for p := parent[s]; p != nil; p = parent[p.from] {
				path = append(path, p.link)
			}
			return name[s.at:], path, true
		}
		for _, x := range links {
			if x.Target.Key != s.cluster {
				continue
			}
			next := state{x.Source.Key, s.at}
			if x.Naming != Identity {
				p := x.SourceAlias + x.Separator
				if !strings.HasPrefix(name[s.at:], p) {
					continue
				}
				next.at += len(p)
			}
			if _, seen := parent[next]; !seen {
				parent[next] = &step{from: s, link: x}
				queue = append(queue, next)
			}
		}
	}
	return "", nil, false
}

// DescribePath writes how a topic travels: "bars.eu on eu-west, as
// eu-west.bars.eu on ap-south (link eu-west|ap-south)".
func DescribePath(origin string, path []Link) string {
	if len(path) == 0 {
		return origin
	}
	var b strings.Builder
	name := origin
	fmt.Fprintf(&b, "%s on %s", name, path[0].Source.Key)
	for _, x := range path {
		if x.Naming != Identity {
			name = x.SourceAlias + x.Separator + name
		}
		fmt.Fprintf(&b, ", as %s on %s (link %s)", name, x.Target.Key, x.ID())
	}
	return b.String()
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

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
