package replication

import (
	"context"
	"reflect"
	"testing"

	"github.com/geokafka/terraform-provider-geokafka/internal/connect"
	"github.com/geokafka/terraform-provider-geokafka/internal/connect/connecttest"
)

func newFake(t *testing.T) (*connecttest.Connect, *connect.Client) {
	f := connecttest.New(t)
	return f, f.Client()
}

func TestReconfigureStopsBeforeExcludingMore(t *testing.T) {
	f, cc := newFake(t)
	ctx := context.Background()
	l := testLink()
	name := ConnectorNames("us-east", "eu-west").Source
	if err := Reconfigure(ctx, cc, name, l.Connectors()[name]); err != nil {
		t.Fatal(err)
	}
	// The same exclusions, or fewer: written in place.
	if err := Reconfigure(ctx, cc, name, l.Connectors()[name]); err != nil {
		t.Fatal(err)
	}
	if want := []string{"PUT config", "PUT config"}; !reflect.DeepEqual(f.Requests(), want) {
		t.Fatalf("requests %v, want %v", f.Requests(), want)
	}
	// A new copy prefix: stopped, written, resumed; a paused one comes back paused.
	for _, state := range []string{connect.Running, connect.Paused} {
		f.ForgetRequests()
		f.SetState(name, state)
		l.CopyPrefixes = append(l.CopyPrefixes, state+".")
		if err := Reconfigure(ctx, cc, name, l.Connectors()[name]); err != nil {
			t.Fatal(err)
		}
		back := map[string]string{connect.Running: "PUT resume", connect.Paused: "PUT pause"}[state]
		if want := []string{"PUT stop", "PUT config", back}; !reflect.DeepEqual(f.Requests(), want) || f.State(name) != state {
			t.Fatalf("from %s: requests %v, want %v; state %s", state, f.Requests(), want, f.State(name))
		}
	}
	// Other connectors of the link only carry offsets: written in place.
	f.ForgetRequests()
	cp := ConnectorNames("us-east", "eu-west").Checkpoint
	l.CopyPrefixes = append(l.CopyPrefixes, "x.")
	if err := Reconfigure(ctx, cc, cp, l.Connectors()[cp]); err != nil || !reflect.DeepEqual(f.Requests(), []string{"PUT config"}) {
		t.Fatalf("checkpoint connector: %v %v", f.Requests(), err)
	}
}

func TestReadStatus(t *testing.T) {
	f, cc := newFake(t)
	names := ConnectorNames("us-east", "eu-west")
	f.Add(names.Source, map[string]string{}, connect.Paused)
	got, err := ReadStatus(context.Background(), cc, "us-east", "eu-west")
	if err != nil || len(got) != 1 || got[names.Source].Connector.State != connect.Paused {
		t.Fatalf("ReadStatus = %v, %v", got, err)
	}
	if DescribeStatus(got[names.Source]) != "PAUSED (tasks: PAUSED)" || UserState(got[names.Source]) != "paused" {
		t.Fatal(DescribeStatus(got[names.Source]))
	}
}
