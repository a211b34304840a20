package replication

import "testing"

func TestLiteral(t *testing.T) {
	for p, want := range map[string]string{"orders": "orders", "eu\\.orders": "eu.orders"} {
		if got, ok := Literal(p); !ok || got != want {
			t.Errorf("Literal(%q) = %q %v", p, got, ok)
		}
	}
	for _, p := range []string{"eu\\..*", "a|b", "orders?", "(?i)orders"} {
		if _, ok := Literal(p); ok {
			t.Errorf("Literal(%q) claims a single name", p)
		}
	}
}

func TestNamedTopic(t *testing.T) {
	for p, want := range map[string]string{"eu.orders": "eu.orders", "eu\\.orders": "eu.orders", "orders": "orders"} {
		if got, ok := NamedTopic(p); !ok || got != want {
			t.Errorf("NamedTopic(%q) = %q %v, want %q", p, got, ok, want)
		}
	}
	if _, ok := NamedTopic("eu\\..*"); ok {
		t.Error("a wildcard pattern names no single topic")
	}
}
