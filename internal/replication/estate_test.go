package replication

import (
	"strings"
	"testing"
)

func TestUncovered(t *testing.T) {
	a := link("eu-west", "us-east", Prefixed)
	a.ResidencyExcludes, a.CopyPrefixes = []string{`^bars\.`}, []string{"eu-west."}
	b := link("eu-west", "ap-south", Prefixed)
	b.SourceAlias, b.Separator = "euw", "_"
	got := Uncovered([]Link{a, b}, []string{"eu-west.", "euw_"}, b.ID())
	cfg := got[a.ID()][ConnectorNames("eu-west", "us-east").Source]
	if len(got) != 1 || !strings.Contains(cfg["topics.exclude"], `(?:eu-west\.|euw_)*(?:bars\.).*`) {
		t.Fatalf("Uncovered = %v", got)
	}
	a.CopyPrefixes = []string{"eu-west.", "euw_", "us-east."}
	if got := Uncovered([]Link{a, b}, []string{"eu-west.", "euw_"}, b.ID()); len(got) != 0 {
		t.Fatalf("a superset is covered: %v", got)
	}
}
