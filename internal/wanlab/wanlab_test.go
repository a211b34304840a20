package wanlab

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestEnds(t *testing.T) {
	for name, want := range map[string][2]string{
		"eu-west_to_us-east.stretch-1":            {"eu-west", "us-east"},
		"ci_to_eu-west.connect":                   {"ci", "eu-west"},
		"eu-west_to_us-east.stretch-1-controller": {"eu-west", "us-east"},
	} {
		from, to, ok := Ends(name)
		if !ok || from != want[0] || to != want[1] {
			t.Errorf("Ends(%q) = %q, %q, %v; want %q, %q", name, from, to, ok, want[0], want[1])
		}
	}
	for _, bad := range []string{"redis", "a_to_", "_to_b.x", "a_to_b"} {
		if _, _, ok := Ends(bad); ok {
			t.Errorf("Ends(%q) accepted a name that is not a link's", bad)
		}
	}
}

func TestStateChanges(t *testing.T) {
	s := Zero()
	s.SetRTT(150 * time.Millisecond)
	if got := s.OneWayMs[Pair("ci", "ap-south")]; got != 75 {
		t.Errorf("rtt 150: ci-ap-south one way = %d, want 75", got)
	}
	if n := len(s.OneWayMs); n != 6 {
		t.Errorf("rtt sets %d pairs, want 6 (4 locations)", n)
	}
	s.Partition("us-east")
	s.Partition("us-east")
	s.Partition("ap-south")
	if strings.Join(s.Partitioned, ",") != "ap-south,us-east" {
		t.Errorf("partitioned = %v", s.Partitioned)
	}
	s.Heal("us-east")
	if strings.Join(s.Partitioned, ",") != "ap-south" {
		t.Errorf("after heal us-east: %v", s.Partitioned)
	}
	s.Heal("")
	if len(s.Partitioned) != 0 {
		t.Errorf("after heal: %v", s.Partitioned)
	}
	if err := CheckLocation("mars"); err == nil {
		t.Error("CheckLocation accepted mars")
	}
}

// fakeToxiproxy keeps proxies and their toxics as Toxiproxy's API does.
type fakeToxiproxy struct {
	mu      sync.Mutex
	proxies map[string][]toxic
	calls   []string
}

func (f *fakeToxiproxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, r.Method+" "+r.URL.Path)
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/proxies":
		out := map[string]proxy{}
		for n, ts := range f.proxies {
			out[n] = proxy{Name: n, Toxics: ts}
		}
		_ = json.NewEncoder(w).Encode(out)
	case r.Method == http.MethodPost && len(parts) == 3:
		var t toxic
		_ = json.NewDecoder(r.Body).Decode(&t)
		f.proxies[parts[1]] = append(f.proxies[parts[1]], t)
	case r.Method == http.MethodPost && len(parts) == 4:
		var t toxic
		_ = json.NewDecoder(r.Body).Decode(&t)
		for i, o := range f.proxies[parts[1]] {
			if o.Name == parts[3] {
				f.proxies[parts[1]][i].Attributes = t.Attributes
			}
		}
	case r.Method == http.MethodDelete && len(parts) == 4:
		ts := f.proxies[parts[1]][:0]
		for _, o := range f.proxies[parts[1]] {
			if o.Name != parts[3] {
				ts = append(ts, o)
			}
		}
		f.proxies[parts[1]] = ts
	default:
		http.Error(w, "unexpected "+r.Method+" "+r.URL.Path, http.StatusBadRequest)
	}
}

func TestApply(t *testing.T) {
	f := &fakeToxiproxy{proxies: map[string][]toxic{
		"eu-west_to_us-east.us-east-1": nil,
		"us-east_to_eu-west.eu-west-1": nil,
		"ci_to_ap-south.ap-south-1":    nil,
		"someone-else":                 nil,
	}}
	srv := httptest.NewServer(f)
	defer srv.Close()
	c := NewClient(srv.URL)
	ctx := context.Background()
	toxics := func(p string) string {
		var out []string
		for _, t := range f.proxies[p] {
			out = append(out, t.Name+"="+t.Type+":"+t.Stream)
			if t.Type == "latency" {
				out[len(out)-1] += ":" + strconv.Itoa(t.Attributes["latency"])
			}
		}
		return strings.Join(out, ",")
	}

	s := Default()
	if err := c.Apply(ctx, s); err != nil {
		t.Fatal(err)
	}
	if got := toxics("eu-west_to_us-east.us-east-1"); got != "delay_upstream=latency:upstream:40,delay_downstream=latency:downstream:40" {
		t.Errorf("us-east from eu-west: %s", got)
	}
	if got := toxics("ci_to_ap-south.ap-south-1"); got != "delay_upstream=latency:upstream:100,delay_downstream=latency:downstream:100" {
		t.Errorf("ap-south from ci: %s", got)
	}
	if got := toxics("someone-else"); got != "" {
		t.Errorf("a proxy that is not a link's got toxics: %s", got)
	}

	// Applying the same state again changes nothing.
	f.calls = nil
	if err := c.Apply(ctx, s); err != nil {
		t.Fatal(err)
	}
	if len(f.calls) != 1 {
		t.Errorf("a second apply of the same state made calls %v, want only the GET", f.calls)
	}

	// A partition of us-east cuts both of its links (cut-offs first), not ap-south's.
	s.Partition("us-east")
	f.calls = nil
	if err := c.Apply(ctx, s); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"eu-west_to_us-east.us-east-1", "us-east_to_eu-west.eu-west-1"} {
		if got := toxics(p); !strings.Contains(got, "cut_upstream=timeout:upstream") || !strings.Contains(got, "cut_downstream=timeout:downstream") {
			t.Errorf("%s not cut off: %s", p, got)
		}
	}
	if got := toxics("ci_to_ap-south.ap-south-1"); strings.Contains(got, "cut_") {
		t.Errorf("ap-south cut off by a partition of us-east: %s", got)
	}

	// Heal and a new delay: the cut-offs go, the delay is updated in place.
	s.Heal("")
	s.OneWayMs[Pair("us-east", "eu-west")] = 10
	if err := c.Apply(ctx, s); err != nil {
		t.Fatal(err)
	}
	if got := toxics("eu-west_to_us-east.us-east-1"); got != "delay_upstream=latency:upstream:10,delay_downstream=latency:downstream:10" {
		t.Errorf("after heal: %s", got)
	}

	// Zero removes everything.
	if err := c.Apply(ctx, Zero()); err != nil {
		t.Fatal(err)
	}
	for p := range f.proxies {
		if got := toxics(p); got != "" {
			t.Errorf("%s keeps toxics at zero: %s", p, got)
		}
	}
}

func TestSaveLoad(t *testing.T) {
	dir := t.TempDir()
	s, err := Load(dir)
	if err != nil || len(s.OneWayMs) != 0 {
		t.Fatalf("a lab without state loads %v, %v; want Zero", s, err)
	}
	s = Default()
	s.Partition("eu-west")
	if err := Save(dir, s); err != nil {
		t.Fatal(err)
	}
	got, err := Load(dir)
	if err != nil || got.OneWayMs[Pair("eu-west", "us-east")] != 40 || len(got.Partitioned) != 1 {
		t.Errorf("loaded %+v, %v", got, err)
	}
}
