// Package connecttest is an in-process Kafka Connect REST API for unit tests
// of the logic around Connect: which requests are sent, in which order, and
// what the caller makes of the answers. It runs no connector; what Kafka
// Connect and MirrorMaker really do is the acceptance tests' job.
package connecttest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/geokafka/terraform-provider-geokafka/internal/connect"
)

// Connect holds connectors by name: their configuration and state. Every
// connector that is not stopped has one task in the connector's state.
type Connect struct {
	URL string

	mu       sync.Mutex
	configs  map[string]map[string]string
	states   map[string]string
	offsets  map[string]string // the last PATCH offsets body, by connector
	requests []string
}

// New starts a fake Connect that stops with the test.
func New(t testing.TB) *Connect {
	f := &Connect{configs: map[string]map[string]string{}, states: map[string]string{}, offsets: map[string]string{}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	f.URL = srv.URL
	return f
}

// Client returns a client of the fake.
func (f *Connect) Client() *connect.Client { return connect.New(f.URL) }

// Requests returns the requests that changed something, as "METHOD action"
// ("PUT config", "PUT stop", "DELETE ").
func (f *Connect) Requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.requests...)
}

// Offsets returns the body of the last PATCH of a connector's offsets.
func (f *Connect) Offsets(name string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.offsets[name]
}

// ForgetRequests clears the request log.
func (f *Connect) ForgetRequests() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = nil
}

// Add puts a connector in place without a request, as one written earlier.
func (f *Connect) Add(name string, cfg map[string]string, state string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.configs[name], f.states[name] = cfg, state
}

// Config returns a connector's configuration, nil when there is none.
func (f *Connect) Config(name string) map[string]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.configs[name]
}

// State returns a connector's state, "" when there is none.
func (f *Connect) State(name string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.states[name]
}

// SetState changes a connector's state, as a worker would (FAILED, say).
func (f *Connect) SetState(name, state string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.states[name] = state
}

// Names returns the connectors' names.
func (f *Connect) Names() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for n := range f.configs {
		out = append(out, n)
	}
	return out
}

func (f *Connect) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.URL.Path == "/connectors" || r.URL.Path == "/connectors/" {
		f.collection(w, r)
		return
	}
	rest, _ := url.PathUnescape(strings.TrimPrefix(r.URL.Path, "/connectors/"))
	name, action, _ := strings.Cut(rest, "/")
	if r.Method != http.MethodGet {
		f.requests = append(f.requests, r.Method+" "+action)
	}
	cfg, ok := f.configs[name]
	switch {
	case r.Method == http.MethodPut && action == "config":
		var c map[string]string
		if err := json.NewDecoder(r.Body).Decode(&c); err != nil {
			http.Error(w, `{"message":"bad config"}`, http.StatusBadRequest)
			return
		}
		f.configs[name] = c
		if !ok {
			f.states[name] = connect.Running
		}
	case !ok:
		w.WriteHeader(http.StatusNotFound)
	case r.Method == http.MethodGet && action == "config":
		_ = json.NewEncoder(w).Encode(cfg)
	case r.Method == http.MethodGet && action == "status":
		f.writeStatus(w, name)
	case r.Method == http.MethodDelete && action == "":
		delete(f.configs, name)
		delete(f.states, name)
	case action == "offsets":
		if f.states[name] != connect.Stopped {
			http.Error(w, `{"message":"connector must be stopped"}`, http.StatusBadRequest)
			return
		}
		if r.Method == http.MethodPatch {
			b, _ := io.ReadAll(r.Body)
			f.offsets[name] = string(b)
		}
	case action == "stop":
		f.states[name] = connect.Stopped
	case action == "pause":
		f.states[name] = connect.Paused
	case action == "resume":
		f.states[name] = connect.Running
	case action == "restart":
		if f.states[name] == connect.Failed {
			f.states[name] = connect.Running
		}
	}
}

// collection answers GET /connectors?expand=... and POST /connectors.
func (f *Connect) collection(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		var body struct {
			Name         string            `json:"name"`
			Config       map[string]string `json:"config"`
			InitialState string            `json:"initial_state"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Name == "" {
			http.Error(w, `{"message":"bad request"}`, http.StatusBadRequest)
			return
		}
		f.requests = append(f.requests, "POST create")
		if _, ok := f.configs[body.Name]; ok {
			http.Error(w, `{"message":"Connector `+body.Name+` already exists"}`, http.StatusConflict)
			return
		}
		f.configs[body.Name] = body.Config
		f.states[body.Name] = connect.Running
		if body.InitialState != "" {
			f.states[body.Name] = body.InitialState
		}
		w.WriteHeader(http.StatusCreated)
		return
	}
	out := map[string]any{}
	for name, cfg := range f.configs {
		out[name] = map[string]any{"info": map[string]any{"name": name, "config": cfg}}
	}
	_ = json.NewEncoder(w).Encode(out)
}

func (f *Connect) writeStatus(w http.ResponseWriter, name string) {
	state := f.states[name]
	s := connect.Status{Name: name}
	s.Connector.State = state
	s.Connector.WorkerID = "fake:8083"
	if state != connect.Stopped {
		s.Tasks = []connect.TaskStatus{{ID: 0, State: state, WorkerID: "fake:8083"}}
		if state == connect.Failed {
			s.Tasks[0].Trace = "org.apache.kafka.connect.errors.ConnectException: fake failure"
		}
	}
	_ = json.NewEncoder(w).Encode(s)
}
