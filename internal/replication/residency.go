package replication

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"slices"
	"sort"
	"strings"

	"github.com/geokafka/terraform-provider-geokafka/internal/topicname"
)

// Rule is a residency rule: topics matching Pattern, and every copy of them
// that links make, may live only on the Allowed clusters.
type Rule struct {
	Pattern string
	Allowed []string
	re      *regexp.Regexp
}

// NewRule checks a rule's pattern and compiles it once.
func NewRule(pattern string, allowed []string) (Rule, error) {
	if err := CheckPattern(pattern); err != nil {
		return Rule{}, err
	}
	if err := checkAnchors(pattern); err != nil {
		return Rule{}, err
	}
	return Rule{Pattern: pattern, Allowed: allowed, re: regexp.MustCompile(pattern)}, nil
}

// checkAnchors allows ^ only as the pattern's first character: a copy's
// name carries link prefixes before the original name, so the exclusion
// puts the prefixes where the ^ stood, which needs one ^ at the very start.
func checkAnchors(pattern string) error {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil || !hasBeginAnchor(re) {
		return nil
	}
	if body, ok := strings.CutPrefix(pattern, "^"); ok && re.Op != syntax.OpAlternate {
		if b, err := syntax.Parse(body, syntax.Perl); err == nil && !hasBeginAnchor(b) {
			return nil
		}
	}
	return fmt.Errorf("%q anchors the start of a name (^ or \\A) elsewhere than at its first character; "+
		"a rule also covers copies of its topics, whose names start with link prefixes, so it may use one ^ and only at the very start, "+
		"for example ^(?:eu|uk)\\. rather than ^eu\\.|^uk\\. for two prefixes", pattern)
}

func hasBeginAnchor(re *syntax.Regexp) bool {
	if re.Op == syntax.OpBeginText || re.Op == syntax.OpBeginLine {
		return true
	}
	return slices.ContainsFunc(re.Sub, hasBeginAnchor)
}

// Restricts reports whether the rule keeps matching topics off cluster.
func (r Rule) Restricts(cluster string) bool {
	return !slices.Contains(r.Allowed, cluster)
}

// Matches reports whether a name itself falls under the rule (unanchored,
// like Go's regexp; anchor with ^ and $).
func (r Rule) Matches(name string) bool {
	re := r.re
	if re == nil {
		var err error
		if re, err = regexp.Compile(r.Pattern); err != nil {
			return false
		}
	}
	return re.MatchString(name)
}

// Covers reports whether name is a topic the rule matches or a copy of one:
// what is left after removing a chain of copy prefixes from its start
// matches. It returns that original name.
func (r Rule) Covers(name string, prefixes []string) (string, bool) {
	seen := map[int]bool{0: true}
	for queue := []int{0}; len(queue) > 0; queue = queue[1:] {
		rest := name[queue[0]:]
		if r.Matches(rest) {
			return rest, true
		}
		for _, p := range prefixes {
			if at := queue[0] + len(p); p != "" && strings.HasPrefix(rest, p) && !seen[at] {
				seen[at] = true
				queue = append(queue, at)
			}
		}
	}
	return "", false
}

// CopyPrefixes are the prefixes that links put before a topic's name:
// "<key>." for every cluster (a link's default alias and separator) and
// "<alias><separator>" of every prefixed link. Only those that can be part of
// a topic name are kept; sorted, distinct.
func CopyPrefixes(clusters []string, links []Link) []string {
	set := map[string]bool{}
	for _, k := range clusters {
		set[k+"."] = true
	}
	for _, l := range links {
		if l.Naming != Identity {
			set[l.SourceAlias+l.Separator] = true
		}
	}
	out := make([]string, 0, len(set))
	for p := range set {
		if topicname.Chars.MatchString(p) {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// ResidencyExclude is the MirrorMaker exclusion (a whole-name match) of the
// names a rule's pattern covers. An unanchored pattern becomes
// .*(?:<pattern>).*, which covers copies already; ^<body> becomes
// (?:<prefix>|...)*(?:<body>).*, the body after any chain of prefixes.
func ResidencyExclude(pattern string, prefixes []string) string {
	body, anchored := strings.CutPrefix(pattern, "^")
	if !anchored || len(prefixes) == 0 {
		return ".*(?:" + pattern + ").*"
	}
	quoted := make([]string, len(prefixes))
	for i, p := range prefixes {
		quoted[i] = regexp.QuoteMeta(p)
	}
	return "(?:" + strings.Join(quoted, "|") + ")*(?:" + body + ").*"
}

// parseResidencyExclude reverses ResidencyExclude.
func parseResidencyExclude(e string) (pattern string, prefixes []string, ok bool) {
	if p, ok := strings.CutPrefix(e, ".*(?:"); ok {
		if p, ok := strings.CutSuffix(p, ").*"); ok {
			return p, nil, true
		}
	}
	inner, ok := strings.CutPrefix(e, "(?:")
	if !ok {
		return "", nil, false
	}
	if inner, ok = strings.CutSuffix(inner, ").*"); !ok {
		return "", nil, false
	}
	// Quoted prefixes hold only topic characters, so the first ")*(?:" ends them.
	i := strings.Index(inner, ")*(?:")
	if i < 0 {
		return "", nil, false
	}
	for _, q := range strings.Split(inner[:i], "|") {
		prefixes = append(prefixes, strings.ReplaceAll(q, `\`, ""))
	}
	return "^" + inner[i+len(")*(?:"):], prefixes, true
}

// SplitExcludes separates a connector's topics.exclude into the user's
// patterns and the residency patterns it holds. A residency pattern whose
// exclusion misses one of prefixes (written before a link or cluster added
// it) is stale: it holds back topics but not every copy.
func SplitExcludes(excludes, prefixes []string) (user, residency, stale []string) {
	for _, e := range excludes {
		if slices.Contains(DefaultExcludes, e) {
			continue
		}
		pattern, have, ok := parseResidencyExclude(e)
		switch {
		case !ok:
			user = append(user, e)
		case strings.HasPrefix(pattern, "^") && !subset(prefixes, have):
			stale = append(stale, pattern)
		default:
			residency = append(residency, pattern)
		}
	}
	return user, residency, stale
}

func subset(a, b []string) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// ResidencyExcludesFor returns the patterns of the rules that keep topics off
// target, which every link into it excludes.
func ResidencyExcludesFor(rules []Rule, target string) []string {
	var out []string
	for _, r := range rules {
		if r.Restricts(target) {
			out = append(out, r.Pattern)
		}
	}
	return out
}

// Held is a source topic that a link's patterns select but a residency rule
// keeps off its target: the topic, or a copy of Origin.
type Held struct {
	Topic, Origin string
	Rule          Rule
}

// HeldBack returns the topics among existing that the link's patterns select
// but the rules keep from reaching the target, by name.
func HeldBack(linkTopics []string, rules []Rule, target string, existing, prefixes []string) []Held {
	pats := fullMatch(linkTopics)
	var out []Held
	for _, t := range existing {
		if !anyMatch(pats, t) {
			continue
		}
		if rule, origin, ok := Restricted(rules, target, t, prefixes); ok {
			out = append(out, Held{Topic: t, Origin: origin, Rule: rule})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Topic < out[j].Topic })
	return out
}

// Restricted returns the first rule that keeps name, or the topic it is a
// copy of, off cluster.
func Restricted(rules []Rule, cluster, name string, prefixes []string) (Rule, string, bool) {
	for _, r := range rules {
		if !r.Restricts(cluster) {
			continue
		}
		if origin, ok := r.Covers(name, prefixes); ok {
			return r, origin, true
		}
	}
	return Rule{}, "", false
}
