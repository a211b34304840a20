package validators

import (
	"strings"
	"testing"
)

func TestCheckHostPort(t *testing.T) {
	for s, want := range map[string]string{
		"127.0.0.1:9092":        "",
		"kafka-1.example.com:1": "",
		"[::1]:9092":            "",
		"a:1,b:2":               "several addresses",
		"kafka":                 "not host:port",
		":9092":                 "not host:port",
		"kafka:0":               "port must be",
		"kafka:x":               "port must be",
		"http://kafka:9092":     "not host:port",
	} {
		err := CheckHostPort(s)
		switch {
		case want == "" && err != nil:
			t.Errorf("%q: unexpected error %v", s, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%q: error %v, want one saying %q", s, err, want)
		}
	}
}
