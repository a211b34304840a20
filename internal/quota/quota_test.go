package quota

import (
	"reflect"
	"testing"
)

func TestEntityCheck(t *testing.T) {
	for _, e := range []Entity{{User: "alice"}, {ClientID: "app"}, {User: "alice", ClientID: "app"}, {IP: "10.0.0.1"}, {User: Default}} {
		if err := e.Check(); err != nil {
			t.Errorf("%v refused: %v", e, err)
		}
	}
	for _, e := range []Entity{{}, {User: "a", IP: "1.2.3.4"}, {ClientID: "c", IP: "1.2.3.4"}, {User: ""}} {
		if err := e.Check(); err == nil {
			t.Errorf("%v accepted", e)
		}
	}
}

func TestCheckValues(t *testing.T) {
	if p := (Entity{User: "a"}).CheckValues(map[string]float64{"producer_byte_rate": 1024, "request_percentage": 50}); len(p) != 0 {
		t.Fatalf("valid values refused: %v", p)
	}
	p := (Entity{User: "a"}).CheckValues(map[string]float64{"connection_creation_rate": 5, "producer_byte_rate": -1, "request_percentage": 0})
	if len(p) != 3 {
		t.Fatalf("want 3 problems, got %v", p)
	}
	if p := (Entity{IP: "1.2.3.4"}).CheckValues(map[string]float64{"producer_byte_rate": 1}); len(p) != 1 {
		t.Fatalf("ip with a client quota: %v", p)
	}
}

func TestIDRoundTrip(t *testing.T) {
	e := Entity{ClientID: "app", User: Default}
	if e.ID() != "user=<default>,client-id=app" {
		t.Fatalf("id = %q", e.ID())
	}
	got, err := ParseEntity("client_id=app,user=<default>")
	if err != nil || !reflect.DeepEqual(got, e) {
		t.Fatalf("parse: %v %v", got, err)
	}
	if _, err := ParseEntity("group=x"); err == nil {
		t.Fatal("unknown type accepted")
	}
}
