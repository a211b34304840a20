package replication

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func mustRule(t *testing.T, pattern string, allowed ...string) Rule {
	t.Helper()
	r, err := NewRule(pattern, allowed)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestNewRuleAnchors(t *testing.T) {
	for _, ok := range []string{`^eu\.`, `eu\.`, `^(?:eu|uk)\.pii$`, `\.pii$`, `^`, `^(?:(?:eu-west)\.)*(?:eu\.x)$`} {
		if _, err := NewRule(ok, nil); err != nil {
			t.Errorf("NewRule(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{`^eu\.|^uk\.`, `^eu|uk`, `(^eu)`, `(?m)^eu`, `\Aeu`, `x^eu`, `a,b`, `(`} {
		if _, err := NewRule(bad, nil); err == nil {
			t.Errorf("NewRule(%q) accepted", bad)
		}
	}
}

func TestCovers(t *testing.T) {
	r := mustRule(t, `^bars\.eu\.`)
	prefixes := []string{"ap-south.", "eu-west.", "use1_"}
	for name, want := range map[string]string{
		"bars.eu.pii":                     "bars.eu.pii",
		"eu-west.bars.eu.pii":             "bars.eu.pii",
		"ap-south.eu-west.bars.eu.pii":    "bars.eu.pii",
		"use1_ap-south.bars.eu.pii":       "bars.eu.pii",
		"eu-west.eu-west.bars.eu.pii":     "bars.eu.pii",
		"menu.bars.eu.pii":                "", // menu. is no link's prefix
		"eu-west.foo.bars.eu.pii":         "",
		"bars.us.x":                       "",
		"ap-south.eu-west.bars.us.orders": "",
	} {
		got, ok := r.Covers(name, prefixes)
		if ok != (want != "") || got != want {
			t.Errorf("Covers(%q) = %q %v, want %q", name, got, ok, want)
		}
	}
	// An unanchored rule matches copies by itself.
	if got, ok := mustRule(t, `eu\.`).Covers("x.eu.y", nil); !ok || got != "x.eu.y" {
		t.Errorf("unanchored Covers = %q %v", got, ok)
	}
}

// The exclusion MirrorMaker gets must hold back exactly the names Covers
// reports, for anchored and unanchored rules (MirrorMaker matches whole
// names; Java and Go agree on these constructs).
func TestResidencyExcludeMatchesCovers(t *testing.T) {
	prefixes := []string{"ap-south.", "eu-west.", "use1_"}
	names := []string{
		"bars.eu.pii", "eu-west.bars.eu.pii", "ap-south.eu-west.bars.eu.pii", "use1_bars.eu.pii", "menu.bars.eu.pii",
		"bars.us", "eu-west.orders", "xbars.eu.pii", "bars.eu.pii.v2", "eu-west.bars.eu.",
	}
	for _, pattern := range []string{`^bars\.eu\.`, `^bars\.eu\.pii$`, `bars\.eu`, `\.pii$`} {
		rule := mustRule(t, pattern)
		ex := regexp.MustCompile("^(?:" + ResidencyExclude(pattern, prefixes) + ")$")
		for _, n := range names {
			_, want := rule.Covers(n, prefixes)
			if got := ex.MatchString(n); got != want {
				t.Errorf("rule %q, name %q: exclusion %v, Covers %v (exclusion %s)", pattern, n, got, want, ResidencyExclude(pattern, prefixes))
			}
		}
	}
}

func TestSplitExcludes(t *testing.T) {
	prefixes := []string{"ap-south.", "eu-west."}
	l := testLink()
	l.TopicsExclude = []string{`orders\.test`, `(?:a|b).*`}
	l.ResidencyExcludes = []string{`^eu\.`, `pii`}
	l.CopyPrefixes = prefixes
	user, res, stale := SplitExcludes(l.allExcludes(), prefixes)
	if !reflect.DeepEqual(user, l.TopicsExclude) || !reflect.DeepEqual(res, l.ResidencyExcludes) || stale != nil {
		t.Fatalf("user %v residency %v stale %v", user, res, stale)
	}
	// Written before a link with the prefix us-east. existed, or by an older
	// version (.*(?:^eu\.).*): stale.
	for _, old := range [][]string{{"eu-west."}, nil} {
		l.CopyPrefixes = old
		_, res, stale = SplitExcludes(l.allExcludes(), []string{"eu-west.", "us-east."})
		if !reflect.DeepEqual(res, []string{"pii"}) || !reflect.DeepEqual(stale, []string{`^eu\.`}) {
			t.Fatalf("prefixes %v: residency %v stale %v", old, res, stale)
		}
	}
}

func TestCopyPrefixes(t *testing.T) {
	links := []Link{
		{Source: Endpoint{Key: "a"}, Target: Endpoint{Key: "b"}, SourceAlias: "east", Separator: "_", Naming: Prefixed},
		{Source: Endpoint{Key: "b"}, Target: Endpoint{Key: "c"}, SourceAlias: "b", Separator: ".", Naming: Identity},
		{Source: Endpoint{Key: "c"}, Target: Endpoint{Key: "d"}, SourceAlias: "c c", Separator: ".", Naming: Prefixed},
	}
	got := CopyPrefixes([]string{"us-east", "eu-west"}, links)
	if want := []string{"east_", "eu-west.", "us-east."}; !reflect.DeepEqual(got, want) {
		t.Fatalf("CopyPrefixes = %v, want %v (identity links add none; no topic name holds a space)", got, want)
	}
}

func TestHeldBack(t *testing.T) {
	rules := []Rule{mustRule(t, `^bars\.eu\.`, "eu-west", "ap-south")}
	held := HeldBack([]string{".*"}, rules, "us-east", []string{"orders", "eu-west.bars.eu.pii", "bars.eu.x"}, []string{"eu-west."})
	var got []string
	for _, h := range held {
		got = append(got, h.Topic+"<"+h.Origin)
	}
	if want := []string{"bars.eu.x<bars.eu.x", "eu-west.bars.eu.pii<bars.eu.pii"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("HeldBack = %v, want %v", got, want)
	}
	if held := HeldBack([]string{".*"}, rules, "ap-south", []string{"eu-west.bars.eu.pii"}, []string{"eu-west."}); len(held) != 0 {
		t.Fatalf("held on an allowed cluster: %v", held)
	}
	if _, _, bad := Restricted(rules, "us-east", "orders", nil); bad {
		t.Fatal("orders restricted")
	}
	if !strings.Contains(ResidencyExclude(`^x`, nil), `.*(?:^x).*`) {
		t.Fatal("no prefixes: the one-hop form")
	}
}

func TestResidencyExcludesFor(t *testing.T) {
	rules := []Rule{mustRule(t, `^eu\.`, "eu-west"), mustRule(t, `\.pii$`, "eu-west", "us-east")}
	if got := ResidencyExcludesFor(rules, "us-east"); !reflect.DeepEqual(got, []string{`^eu\.`}) {
		t.Errorf("us-east: %v", got)
	}
	if got := ResidencyExcludesFor(rules, "ap-south"); !reflect.DeepEqual(got, []string{`^eu\.`, `\.pii$`}) {
		t.Errorf("ap-south: %v", got)
	}
	if got := ResidencyExcludesFor(rules, "eu-west"); len(got) != 0 {
		t.Errorf("eu-west: %v", got)
	}
}
