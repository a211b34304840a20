package replication

import "testing"

func link(src, target, naming string) Link {
	return Link{Source: Endpoint{Key: src}, Target: Endpoint{Key: target}, SourceAlias: src, Separator: ".", Naming: naming}
}

func TestLoop(t *testing.T) {
	ab, bc, ca := link("a", "b", Identity), link("b", "c", Identity), link("c", "a", Identity)
	if ring := Loop([]Link{ab, bc}, ca); len(ring) != 3 || ring[0].ID() != "c|a" || ring[1].ID() != "a|b" || ring[2].ID() != "b|c" {
		t.Fatalf("three-cluster identity ring: %v", ring)
	}
	if got := DescribeRing(Loop([]Link{ab, bc}, ca)); got != "c -> (identity) a -> (identity) b -> (identity) c" {
		t.Fatalf("DescribeRing = %q", got)
	}
	// One prefixed link does not save a ring with identity links on it:
	// copies come back as c.t, c.c.t, ...
	if ring := Loop([]Link{ab, bc}, link("c", "a", Prefixed)); ring == nil {
		t.Fatal("mixed ring not refused")
	}
	// A ring of prefixed links with default aliases is what MirrorMaker sees.
	p := func(s, t string) Link { return link(s, t, Prefixed) }
	if ring := Loop([]Link{p("a", "b"), p("b", "c"), p("b", "a")}, p("c", "a")); ring != nil {
		t.Fatalf("prefixed ring refused: %v", DescribeRing(ring))
	}
	// ... unless an alias is not its source's key, or separators differ.
	custom := p("a", "b")
	custom.SourceAlias = "east"
	if Loop([]Link{custom}, p("b", "a")) == nil {
		t.Fatal("active-active with a custom alias not refused")
	}
	sep := p("a", "b")
	sep.Separator = "_"
	if Loop([]Link{sep}, p("b", "a")) == nil {
		t.Fatal("active-active with two separators not refused")
	}
	// No ring: a chain, and a link that replaces its earlier version.
	if ring := Loop([]Link{ab, bc}, link("a", "c", Identity)); ring != nil {
		t.Fatalf("chain refused: %v", DescribeRing(ring))
	}
	if ring := Loop(With([]Link{ab, link("b", "a", Prefixed)}, link("a", "b", Prefixed)), link("a", "b", Prefixed)); ring != nil {
		t.Fatalf("the old identity a|b still counted: %v", DescribeRing(ring))
	}
}

// TestLoopFollowsNamedTopics: with topics named outright, a ring counts only
// if a topic can travel it back to a link that copies it again.
func TestLoopFollowsNamedTopics(t *testing.T) {
	named := func(src, target, naming string, topics ...string) Link {
		l := link(src, target, naming)
		l.Topics = topics
		return l
	}
	// A split brain's catch-up: the reverse identity link copies orders
	// from b to a; the catch-up copies a's orders to b as a.orders, which
	// the reverse link does not copy.
	reverse := named("b", "a", Identity, "orders")
	catchUp := named("a", "b", Prefixed, "orders")
	if ring := Loop([]Link{reverse}, catchUp); ring != nil {
		t.Fatalf("catch-up refused: %v", DescribeRing(ring))
	}
	if ring := Loop([]Link{catchUp}, reverse); ring != nil {
		t.Fatalf("reverse link refused next to the catch-up: %v", DescribeRing(ring))
	}
	// The same topic around an identity ring still loops.
	if Loop([]Link{named("a", "b", Identity, "orders"), named("b", "c", Identity, "orders")}, named("c", "a", Identity, "orders")) == nil {
		t.Fatal("identity ring of one topic not refused")
	}
	// Copies that come back as names the new link copies again loop: a's
	// a.orders goes to b as a.a.orders, back to a by a pattern, and again.
	if Loop([]Link{named("b", "a", Identity, `a\..*`)}, named("a", "b", Prefixed, "orders", "a.orders")) == nil {
		t.Fatal("ring whose copies come back to be copied again not refused")
	}
	// Back once, not copied again: one extra hop, no loop.
	if ring := Loop([]Link{named("b", "a", Identity, `a\..*`, "orders")}, catchUp); ring != nil {
		t.Fatalf("copies that come back once refused: %v", DescribeRing(ring))
	}
	// Different topics on each hop: nothing travels the ring.
	if ring := Loop([]Link{named("a", "b", Identity, "orders"), named("b", "c", Identity, "payments")}, named("c", "a", Identity, "orders")); ring != nil {
		t.Fatalf("ring that no topic travels refused: %v", DescribeRing(ring))
	}
	// Patterns on the new link: any ring counts, as before.
	if Loop([]Link{reverse}, named("a", "b", Prefixed, "ord.*")) == nil {
		t.Fatal("a pattern link closing a ring with an identity link not refused")
	}
}

func TestCopyPath(t *testing.T) {
	rule := Rule{Pattern: `^bars\.eu\.`}
	euAp, apSt, stUs := link("eu-west", "ap-south", Prefixed), link("ap-south", "stretch", Identity), link("stretch", "us-east", Prefixed)
	links := []Link{euAp, apSt, stUs, link("us-east", "ap-south", Prefixed)}
	origin, path, ok := CopyPath(links, rule, "stretch", "eu-west.bars.eu.pii")
	if !ok || origin != "bars.eu.pii" || len(path) != 2 || path[0].ID() != "eu-west|ap-south" || path[1].ID() != "ap-south|stretch" {
		t.Fatalf("CopyPath = %q %v %v", origin, path, ok)
	}
	if got, want := DescribePath(origin, path), "bars.eu.pii on eu-west, as eu-west.bars.eu.pii on ap-south (link eu-west|ap-south), as eu-west.bars.eu.pii on stretch (link ap-south|stretch)"; got != want {
		t.Fatalf("DescribePath = %q\nwant %q", got, want)
	}
	if _, _, ok := CopyPath(links, rule, "stretch", "mars.bars.eu.pii"); ok {
		t.Fatal("no link has the prefix mars.")
	}
	if o, path, ok := CopyPath(links, rule, "eu-west", "bars.eu.pii"); !ok || o != "bars.eu.pii" || len(path) != 0 {
		t.Fatal("the topic itself")
	}
}
