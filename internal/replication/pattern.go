package replication

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
)

var nameLike = regexp.MustCompile(`^(?:[A-Za-z0-9_-]|\\\.|\.)+$`)

// NamedTopic returns the topic a pattern names: a literal ("eu\\.orders"), or
// a topic name whose dots are left unescaped ("eu.orders"), which people write
// to mean that one topic.
func NamedTopic(pattern string) (string, bool) {
	if nameLike.MatchString(pattern) {
		return strings.ReplaceAll(pattern, `\.`, "."), true
	}
	return Literal(pattern)
}

// Literal returns the one topic name a pattern can match, when it can match
// only one (for example "orders" or "eu\\.orders").
func Literal(pattern string) (string, bool) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", false
	}
	re = re.Simplify()
	if re.Op == syntax.OpLiteral && re.Flags&syntax.FoldCase == 0 {
		return string(re.Rune), true
	}
	return "", false
}

// CheckPattern returns why a topic or group pattern cannot be passed to
// MirrorMaker, or nil.
func CheckPattern(p string) error {
	if p == "" {
		return fmt.Errorf("an empty pattern matches nothing; remove it")
	}
	if strings.Contains(p, ",") {
		return fmt.Errorf("%q contains a comma, which MirrorMaker reads as a list separator; use alternation (a|b) or two entries", p)
	}
	if _, err := regexp.Compile(p); err != nil {
		return fmt.Errorf("%q is not a regular expression: %w", p, err)
	}
	if quoteOpen(p) {
		return fmt.Errorf("%q starts a literal quote with \\Q and never ends it; add \\E where the literal text ends: "+
			"MirrorMaker joins patterns with | and wraps them, which an open quote would swallow", p)
	}
	return nil
}

// quoteOpen reports whether p leaves a \Q...\E quote open at its end.
func quoteOpen(p string) bool {
	for i := 0; i+1 < len(p); i++ {
		if p[i] != '\\' {
			continue
		}
		if p[i+1] == 'Q' {
			end := strings.Index(p[i+2:], `\E`)
			if end < 0 {
				return true
			}
			i += 2 + end + 1
			continue
		}
		i++ // skip the escaped character
	}
	return false
}

// fullMatch compiles patterns the way MirrorMaker applies them, to the whole
// name; one that does not compile matches nothing.
func fullMatch(patterns []string) []*regexp.Regexp {
	var out []*regexp.Regexp
	for _, p := range patterns {
		if re, err := regexp.Compile("^(?:" + p + ")$"); err == nil {
			out = append(out, re)
		}
	}
	return out
}

// anyMatch reports whether s matches one of res.
func anyMatch(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}
