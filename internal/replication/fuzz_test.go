package replication

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/geokafka/terraform-provider-geokafka/internal/topicname"
)

// A residency rule's exclusion reads back as the rule's pattern and copy
// prefixes, whatever the pattern, so that a plan never mistakes it for a
// user's exclusion or a stale one.
func FuzzResidencyExclude(f *testing.F) {
	for _, s := range [][2]string{{"^eu\\.", "us-east.,ap-south."}, {"pii", ""}, {"^(a)*(?:b)", "x."}, {"^", "a"}, {".*", "a.,b_c"}, {"\\Q", "0"}, {"^\\Qa.b\\E", "x."}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, joined string) {
		if _, err := NewRule(pattern, nil); err != nil {
			return // residency rules are checked at plan
		}
		var prefixes []string
		for _, p := range strings.Split(joined, ",") {
			if p != "" && topicname.Validate(p) == nil {
				prefixes = append(prefixes, p)
			}
		}
		e := ResidencyExclude(pattern, prefixes)
		if _, err := regexp.Compile(e); err != nil {
			t.Fatalf("exclusion %q of %q, %q does not compile: %v", e, pattern, prefixes, err)
		}
		got, have, ok := parseResidencyExclude(e)
		want := prefixes
		if !strings.HasPrefix(pattern, "^") || len(prefixes) == 0 {
			want = nil
		}
		if !ok || got != pattern || !slices.Equal(have, want) {
			t.Fatalf("%q, %q wrote %q, which reads back as %q, %q (%v)", pattern, prefixes, e, got, have, ok)
		}
	})
}

// resume_from keys read back as the topic and partition they were written for.
func FuzzPosition(f *testing.F) {
	f.Add("orders", int32(0))
	f.Add("a/b", int32(7))
	f.Fuzz(func(t *testing.T, topic string, partition int32) {
		if topic == "" || partition < 0 {
			return
		}
		m := ParseResumeFrom(ResumeFrom(map[string]map[int32]int64{topic: {partition: 42}}))
		if m[topic][partition] != 42 || len(m) != 1 {
			t.Fatalf("%q/%d read back as %v", topic, partition, m)
		}
	})
}

// A pattern CheckPattern accepts stays one pattern when MirrorMaker joins it
// with others and when the provider wraps it for a whole-name match.
func FuzzPatternWrap(f *testing.F) {
	for _, s := range []string{`orders\..*`, `\Qa.b\E`, `\Q`, `a|b`, `(?i)x`, `[\]]`, `\\Q`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		if CheckPattern(p) != nil {
			return
		}
		for _, w := range []string{"^(?:" + p + ")$", p + "|x", ".*(?:" + p + ").*"} {
			if _, err := regexp.Compile(w); err != nil {
				t.Fatalf("%q is accepted, but %q does not compile: %v", p, w, err)
			}
		}
		if re := regexp.MustCompile("^(?:" + p + "|zz-not-a-topic)$"); !re.MatchString("zz-not-a-topic") {
			t.Fatalf("%q swallows the pattern joined after it", p)
		}
	})
}
