package kafka

import (
	"strings"
	"testing"
)

// unquoteJAAS reads the value of key from a JAAS options line the way
// Kafka's JaasConfig tokenizer does: a double-quoted string in which a
// backslash escapes the next character.
func unquoteJAAS(line, key string) (string, bool) {
	i := strings.Index(line, " "+key+`="`)
	if i < 0 {
		return "", false
	}
	var b strings.Builder
	for s := line[i+len(key)+3:]; s != ""; s = s[1:] {
		switch s[0] {
		case '\\':
			if len(s) < 2 {
				return "", false
			}
			s = s[1:]
			b.WriteByte(s[0])
		case '"':
			return b.String(), true
		default:
			b.WriteByte(s[0])
		}
	}
	return "", false
}

// Whatever a user name or password holds, the JAAS line a Connect worker
// reads gives them back unchanged.
func FuzzJAAS(f *testing.F) {
	for _, s := range [][2]string{{"alice", "secret"}, {`a"b`, `p\"q`}, {`\`, `"`}, {"", ""}, {"user name", "pass;word="}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, user, password string) {
		line := jaas("org.apache.kafka.common.security.scram.ScramLoginModule", user, password)
		if !strings.HasSuffix(line, ";") {
			t.Fatalf("%q does not end the entry", line)
		}
		u, ok1 := unquoteJAAS(line, "username")
		p, ok2 := unquoteJAAS(line, "password")
		if !ok1 || !ok2 || u != user || p != password {
			t.Fatalf("%q reads back as user %q (%v), password %q (%v); want %q, %q", line, u, ok1, p, ok2, user, password)
		}
	})
}
