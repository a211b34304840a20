package quota

import (
	"reflect"
	"testing"
)

// Any entity id either fails or reads back to an entity whose id reads back
// the same.
func FuzzParseEntity(f *testing.F) {
	for _, s := range []string{"user=alice", "user=alice,client-id=app", "client_id=<default>", "ip=10.0.0.1", "user=", "x=y", ",", "user=a=b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseEntity(s)
		if err != nil {
			return
		}
		e2, err := ParseEntity(e.ID())
		if err != nil || !reflect.DeepEqual(e, e2) {
			t.Fatalf("%q read as %v, whose id %q reads as %v (%v)", s, e, e.ID(), e2, err)
		}
	})
}
