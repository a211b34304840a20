package validators

import (
	"strings"
	"testing"
)

func TestCheckHTTPURL(t *testing.T) {
	for s, want := range map[string]string{
		"http://127.0.0.1:8083":           "",
		"https://connect.example.com/api": "",
		"127.0.0.1:8083":                  "not an http",
		"connect:8083":                    "not an http",
		"ftp://connect:8083":              "not an http",
		"https://":                        "not an http",
		"https://u:p@connect:8083":        "without credentials",
		"http://connect:8083/?x=1":        "without credentials, query",
	} {
		checkOne(t, s, CheckHTTPURL(s), want)
	}
}

func TestCheckACLHost(t *testing.T) {
	for s, want := range map[string]string{
		"*":                  "",
		"10.0.0.12":          "",
		"2001:db8::1":        "",
		"10.0.0.0/8":         "not an IP address",
		"client.example.com": "not an IP address",
		"":                   "not an IP address",
	} {
		checkOne(t, s, CheckACLHost(s), want)
	}
}

func checkOne(t *testing.T, s string, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Errorf("%q: unexpected error %v", s, err)
	case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
		t.Errorf("%q: error %v, want one saying %q", s, err, want)
	}
}
