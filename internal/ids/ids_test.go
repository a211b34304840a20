package ids

import (
	"strings"
	"testing"
)

// clusterKey reports whether s could be a cluster key (the provider's rule).
func clusterKey(s string) bool {
	return s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == ""
}

func TestParse(t *testing.T) {
	if c, n, err := ParseTopic("us-east/orders"); err != nil || c != "us-east" || n != "orders" {
		t.Errorf("topic: %q %q %v", c, n, err)
	}
	if c, n, err := ParseTopic("orders"); err != nil || c != "" || n != "orders" {
		t.Errorf("topic alone: %q %q %v", c, n, err)
	}
	if _, _, err := ParseTopic("us-east/"); err == nil {
		t.Error("a topic id without a topic parsed")
	}
	if c, u, m, err := ParseSCRAM("us-east|a|b|SCRAM-SHA-512"); err != nil || c != "us-east" || u != "a|b" || m != "SCRAM-SHA-512" {
		t.Errorf("scram: %q %q %q %v", c, u, m, err)
	}
	for _, bad := range []string{"us-east|alice", "us-east||SCRAM-SHA-512", "alice"} {
		if _, _, _, err := ParseSCRAM(bad); err == nil {
			t.Errorf("scram id %q parsed", bad)
		}
	}
	if c, b, err := ParseClusterConfig("us-east|2"); err != nil || c != "us-east" || b == nil || *b != 2 {
		t.Errorf("cluster config: %q %v %v", c, b, err)
	}
	for _, bad := range []string{"us-east|", "us-east|-1", "us-east|01", "us-east|x", "|1", "us-east|99999999999"} {
		if _, _, err := ParseClusterConfig(bad); err == nil {
			t.Errorf("cluster config id %q parsed", bad)
		}
	}
	for _, bad := range []string{"us-east", "us-east|", "|eu-west", "a|b|c"} {
		if _, _, err := ParseLink(bad); err == nil {
			t.Errorf("link id %q parsed", bad)
		}
	}
}

// Any text parses or is refused without a panic; what parses formats back
// to itself.
func FuzzImportIDs(f *testing.F) {
	for _, s := range []string{"us-east/orders", "orders", "us-east|alice|SCRAM-SHA-512", "us-east|a|b|SCRAM-SHA-256", "us-east|3", "us-east", "us-east|eu-west", "", "|", "/", "||"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		if c, n, err := ParseTopic(id); err == nil {
			if got := Topic(c, n); c != "" && got != id {
				t.Errorf("topic %q formats back as %q", id, got)
			}
		}
		if c, u, m, err := ParseSCRAM(id); err == nil && SCRAM(c, u, m) != id {
			t.Errorf("scram %q formats back as %q", id, SCRAM(c, u, m))
		}
		if c, b, err := ParseClusterConfig(id); err == nil && ClusterConfig(c, b) != id {
			t.Errorf("cluster config %q formats back as %q", id, ClusterConfig(c, b))
		}
		if s, tg, err := ParseLink(id); err == nil && Link(s, tg) != id {
			t.Errorf("link %q formats back as %q", id, Link(s, tg))
		}
	})
}

// What the provider formats, with any user name or topic, parses back.
func FuzzRoundTrip(f *testing.F) {
	f.Add("us-east", "alice", "orders", int32(1))
	f.Add("eu-west", "a|b", "x.y", int32(0))
	f.Fuzz(func(t *testing.T, cluster, user, topic string, broker int32) {
		if !clusterKey(cluster) {
			return
		}
		if topic != "" {
			if c, n, err := ParseTopic(Topic(cluster, topic)); err != nil || c != cluster || n != topic {
				t.Errorf("topic %q %q reads back as %q %q %v", cluster, topic, c, n, err)
			}
		}
		if user != "" {
			if c, u, m, err := ParseSCRAM(SCRAM(cluster, user, "SCRAM-SHA-512")); err != nil || c != cluster || u != user || m != "SCRAM-SHA-512" {
				t.Errorf("scram %q %q reads back as %q %q %q %v", cluster, user, c, u, m, err)
			}
		}
		if broker >= 0 {
			if c, b, err := ParseClusterConfig(ClusterConfig(cluster, &broker)); err != nil || c != cluster || b == nil || *b != broker {
				t.Errorf("broker %d of %q reads back as %q %v %v", broker, cluster, c, b, err)
			}
		}
		if s, tg, err := ParseLink(Link(cluster, cluster+"x")); err != nil || s != cluster || tg != cluster+"x" {
			t.Errorf("link of %q reads back as %q %q %v", cluster, s, tg, err)
		}
	})
}
