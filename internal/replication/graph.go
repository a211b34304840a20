package replication

import (
	"fmt"
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
//
// When l names each topic it copies outright, the ring is followed topic by
// topic: it counts only if some of them, renamed by every link on the way,
// is selected by each next link and comes back to l's source as a name l
// copies again. So a prefixed link next to an identity link in the other
// direction is no ring when neither copies the other's copies (a catch-up
// after a split brain). When l's topics are patterns, any ring counts.
func Loop(links []Link, l Link) []Link {
	var ring []Link
	var walk func(at string, path []Link, names []string, seen map[string]bool) bool
	walk = func(at string, path []Link, names []string, seen map[string]bool) bool {
		if at == l.Source.Key {
			if names != nil {
				if again, _ := l.Selection().Replicated(names); len(again) == 0 {
					return false
				}
			}
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
			next := names
			if names != nil {
				if _, next = x.Selection().Replicated(names); len(next) == 0 {
					continue // nothing of l's travels this way
				}
			}
			seen[x.Target.Key] = true
			if walk(x.Target.Key, append(path, x), next, seen) {
				return true
			}
			delete(seen, x.Target.Key)
		}
		return false
	}
	var names []string
	if own, ok := namedTopics(l); ok {
		_, names = l.Selection().Replicated(own)
		if names == nil {
			names = []string{} // l copies none of them: nothing can travel
		}
	}
	walk(l.Target.Key, []Link{l}, names, map[string]bool{l.Target.Key: true})
	return ring
}

// namedTopics returns the topics l copies when each of its topics patterns
// names one topic outright.
func namedTopics(l Link) ([]string, bool) {
	if len(l.Topics) == 0 {
		return nil, false
	}
	out := make([]string, 0, len(l.Topics))
	for _, p := range l.Topics {
		name, ok := NamedTopic(p)
		if !ok {
			return nil, false
		}
		out = append(out, name)
	}
	return out, true
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
