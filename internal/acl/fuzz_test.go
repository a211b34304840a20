package acl

import "testing"

// Any import id either fails with an error or reads back to a binding whose
// id reads back the same.
func FuzzParseID(f *testing.F) {
	for _, s := range []string{
		"us-east|User:alice|*|Write|Allow|Topic|orders|Literal",
		"c|User:a|10.0.0.1|DESCRIBE_CONFIGS|DENY|CLUSTER|kafka-cluster|LITERAL",
		"||||||", "a|b|c|d|e|f|g|h|i", "c|User:a|*|read|allow|transactional-id|tx-|prefixed",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		cluster, b, err := ParseID(id)
		if err != nil {
			return
		}
		c2, b2, err := ParseID(ID(cluster, b))
		if err != nil || c2 != cluster || b2 != b {
			t.Fatalf("%q read as %q %+v, whose id %q reads as %q %+v (%v)", id, cluster, b, ID(cluster, b), c2, b2, err)
		}
	})
}

// Normalize never panics, and its answer is a fixed point.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Topic", "TransactionalID", "describe_configs", "Idempotent-Write", "", "ALL"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, allowed := range [][]string{ResourceTypes, Operations, Permissions, PatternTypes} {
			v, ok := Normalize(s, allowed)
			if !ok {
				continue
			}
			if v2, ok := Normalize(v, allowed); !ok || v2 != v {
				t.Fatalf("Normalize(%q) = %q, but Normalize(%q) = %q, %v", s, v, v, v2, ok)
			}
		}
	})
}
