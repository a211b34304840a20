package replication

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/geokafka/terraform-provider-geokafka/internal/connect"
)

// fakeConnect is an in-process Kafka Connect REST API for the logic of the
// calls (which requests, in which order); what Connect really does is the
// acceptance tests' job.
type fakeConnect struct {
	mu       sync.Mutex
	configs  map[string]map[string]string
	states   map[string]string
	requests []string
}

func (f *fakeConnect) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	rest := strings.TrimPrefix(r.URL.Path, "/connectors/")
	name, action, _ := strings.Cut(rest, "/")
	if r.Method != http.MethodGet {
		f.requests = append(f.requests, r.Method+" "+action)
	}
	cfg, ok := f.configs[name]
	switch {
	case r.Method == http.MethodPut && action == "config":
		var c map[string]string
		_ = json.NewDecoder(r.Body).Decode(&c)
		f.configs[name] = c
		if !ok {
			f.states[name] = connect.Running
		}
	case !ok:
		w.WriteHeader(http.StatusNotFound)
	case r.Method == http.MethodGet && action == "config":
		_ = json.NewEncoder(w).Encode(cfg)
	case r.Method == http.MethodGet && action == "status":
		s := map[string]any{"name": name, "connector": map[string]string{"state": f.states[name]}, "tasks": []any{}}
		if f.states[name] != connect.Stopped {
			s["tasks"] = []any{map[string]any{"id": 0, "state": f.states[name]}}
		}
		_ = json.NewEncoder(w).Encode(s)
	case action == "stop":
		f.states[name] = connect.Stopped
	case action == "pause":
		f.states[name] = connect.Paused
	case action == "resume":
		f.states[name] = connect.Running
	}
}

func newFake(t *testing.T) (*fakeConnect, *connect.Client) {
	f := &fakeConnect{configs: map[string]map[string]string{}, states: map[string]string{}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, connect.New(srv.URL)
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
	if want := []string{"PUT config", "PUT config"}; !reflect.DeepEqual(f.requests, want) {
		t.Fatalf("requests %v, want %v", f.requests, want)
	}
	// A new copy prefix: stopped, written, resumed; a paused one comes back paused.
	for _, state := range []string{connect.Running, connect.Paused} {
		f.requests, f.states[name] = nil, state
		l.CopyPrefixes = append(l.CopyPrefixes, state+".")
		if err := Reconfigure(ctx, cc, name, l.Connectors()[name]); err != nil {
			t.Fatal(err)
		}
		back := map[string]string{connect.Running: "PUT resume", connect.Paused: "PUT pause"}[state]
		if want := []string{"PUT stop", "PUT config", back}; !reflect.DeepEqual(f.requests, want) || f.states[name] != state {
			t.Fatalf("from %s: requests %v, want %v; state %s", state, f.requests, want, f.states[name])
		}
	}
	// Other connectors of the link only carry offsets: written in place.
	f.requests = nil
	cp := ConnectorNames("us-east", "eu-west").Checkpoint
	l.CopyPrefixes = append(l.CopyPrefixes, "x.")
	if err := Reconfigure(ctx, cc, cp, l.Connectors()[cp]); err != nil || !reflect.DeepEqual(f.requests, []string{"PUT config"}) {
		t.Fatalf("checkpoint connector: %v %v", f.requests, err)
	}
}

func TestReadStatus(t *testing.T) {
	f, cc := newFake(t)
	names := ConnectorNames("us-east", "eu-west")
	f.configs[names.Source], f.states[names.Source] = map[string]string{}, connect.Paused
	got, err := ReadStatus(context.Background(), cc, "us-east", "eu-west")
	if err != nil || len(got) != 1 || got[names.Source].Connector.State != connect.Paused {
		t.Fatalf("ReadStatus = %v, %v", got, err)
	}
	if DescribeStatus(got[names.Source]) != "PAUSED (tasks: PAUSED)" || UserState(got[names.Source]) != "paused" {
		t.Fatal(DescribeStatus(got[names.Source]))
	}
}
