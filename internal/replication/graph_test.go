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
