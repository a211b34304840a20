// Package wanlab sets the lab's emulated distance between locations: the
// latency and the cut-offs of the Toxiproxy proxies that lab/wan.sh puts on
// every path from one location to another. The wanted state is kept in
// .lab/wan/state.json, so that each command changes only what it names.
package wanlab

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"
)

// Locations are the lab's regions and the CI runner, where terraform runs.
var Locations = []string{"us-east", "eu-west", "ap-south", "ci"}

// State is what the links between locations are set to.
type State struct {
	// OneWayMs is the delay each way between two locations, keyed by
	// Pair(a, b). A missing pair has none.
	OneWayMs map[string]int `json:"one_way_ms"`
	// JitterMs is added to or taken from every delay at random.
	JitterMs int `json:"jitter_ms"`
	// Partitioned locations reach no other location, and none reaches them;
	// connections stall, as when packets are dropped, rather than fail.
	Partitioned []string `json:"partitioned"`
}

// Pair is the key of the link between two locations, in either order.
func Pair(a, b string) string {
	if b < a {
		a, b = b, a
	}
	return a + ":" + b
}

// Default is close to real one-way delays: us-east and eu-west 40 ms apart,
// us-east and ap-south 100 ms, eu-west and ap-south 60 ms; the CI runner sits
// near us-east.
func Default() State {
	return State{OneWayMs: map[string]int{
		Pair("us-east", "eu-west"):  40,
		Pair("us-east", "ap-south"): 100,
		Pair("eu-west", "ap-south"): 60,
		Pair("ci", "us-east"):       5,
		Pair("ci", "eu-west"):       40,
		Pair("ci", "ap-south"):      100,
	}}
}

// Zero is the lab without distance: no delay, no cut-off.
func Zero() State { return State{OneWayMs: map[string]int{}} }

// SetRTT gives every pair of locations the same round-trip time.
func (s *State) SetRTT(rtt time.Duration) {
	s.OneWayMs = map[string]int{}
	for i, a := range Locations {
		for _, b := range Locations[i+1:] {
			s.OneWayMs[Pair(a, b)] = int(rtt.Milliseconds() / 2)
		}
	}
}

// Partition cuts loc off; Heal ends the cut-off of loc, or of all with "".
func (s *State) Partition(loc string) {
	if !slices.Contains(s.Partitioned, loc) {
		s.Partitioned = append(s.Partitioned, loc)
		sort.Strings(s.Partitioned)
	}
}

func (s *State) Heal(loc string) {
	if loc == "" {
		s.Partitioned = nil
		return
	}
	s.Partitioned = slices.DeleteFunc(s.Partitioned, func(p string) bool { return p == loc })
}

// CheckLocation says what a valid location is.
func CheckLocation(loc string) error {
	if slices.Contains(Locations, loc) {
		return nil
	}
	return fmt.Errorf("unknown location %q: use one of %s", loc, strings.Join(Locations, ", "))
}

// BootstrapEnv is the .lab/lab.env variable (lab/wan.sh writes them) with
// a cluster's addresses as seen from a location.
func BootstrapEnv(cluster, location string) string {
	return strings.ToUpper(strings.ReplaceAll("LAB_"+cluster+"_BOOTSTRAP_FROM_"+location, "-", "_"))
}

// Statefile is where the wanted state of the lab in labDir is kept.
func Statefile(labDir string) string { return filepath.Join(labDir, "wan", "state.json") }

// Load reads the saved state; a lab without one has Zero.
func Load(labDir string) (State, error) {
	b, err := os.ReadFile(Statefile(labDir))
	if errors.Is(err, os.ErrNotExist) {
		return Zero(), nil
	}
	if err != nil {
		return State{}, err
	}
	s := Zero()
	if err := json.Unmarshal(b, &s); err != nil {
		return State{}, fmt.Errorf("%s: %w", Statefile(labDir), err)
	}
	return s, nil
}

// Save writes the state next to the lab, replacing the old file at once.
func Save(labDir string, s State) error {
	f := Statefile(labDir)
	if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
		return err
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(f+".tmp", append(b, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(f+".tmp", f)
}

// Client talks to Toxiproxy's HTTP API.
type Client struct {
	API  string // http://127.0.0.1:8474
	HTTP *http.Client
}

// NewClient returns a client of the API at api, with a short timeout: the
// API is on loopback.
func NewClient(api string) *Client {
	return &Client{API: strings.TrimSuffix(api, "/"), HTTP: &http.Client{Timeout: 10 * time.Second}}
}

type toxic struct {
	Name       string         `json:"name"`
	Type       string         `json:"type"`
	Stream     string         `json:"stream"`
	Toxicity   float64        `json:"toxicity"`
	Attributes map[string]int `json:"attributes"`
}

type proxy struct {
	Name   string  `json:"name"`
	Toxics []toxic `json:"toxics"`
}

// Ends are the locations a proxy joins, read from its name
// (<from>_to_<to>.<target>, see lab/wan.sh).
func Ends(name string) (from, to string, ok bool) {
	from, rest, ok1 := strings.Cut(name, "_to_")
	to, _, ok2 := strings.Cut(rest, ".")
	return from, to, ok1 && ok2 && from != "" && to != ""
}

// wanted is the set of toxics a proxy between from and to has under s.
func wanted(s State, from, to string) []toxic {
	var ts []toxic
	if d := s.OneWayMs[Pair(from, to)]; d > 0 {
		for _, stream := range []string{"upstream", "downstream"} {
			ts = append(ts, toxic{Name: "delay_" + stream, Type: "latency", Stream: stream, Toxicity: 1,
				Attributes: map[string]int{"latency": d, "jitter": s.JitterMs}})
		}
	}
	if slices.Contains(s.Partitioned, from) || slices.Contains(s.Partitioned, to) {
		// A timeout of 0 holds every byte until the toxic goes.
		for _, stream := range []string{"upstream", "downstream"} {
			ts = append(ts, toxic{Name: "cut_" + stream, Type: "timeout", Stream: stream, Toxicity: 1,
				Attributes: map[string]int{"timeout": 0}})
		}
	}
	return ts
}

// Apply makes every proxy's toxics those of s, touching only what differs.
// New cut-offs go first, so that a partition starts as close to one instant
// as the API allows.
func (c *Client) Apply(ctx context.Context, s State) error {
	var proxies map[string]proxy
	if err := c.do(ctx, http.MethodGet, "/proxies", nil, &proxies); err != nil {
		return err
	}
	names := make([]string, 0, len(proxies))
	for n := range proxies {
		names = append(names, n)
	}
	sort.Strings(names)
	type op struct {
		method, path string
		body         any
	}
	var cuts, rest []op
	for _, n := range names {
		from, to, ok := Ends(n)
		if !ok {
			continue // not one of the lab's links
		}
		p := "/proxies/" + url.PathEscape(n) + "/toxics"
		have := map[string]toxic{}
		for _, t := range proxies[n].Toxics {
			have[t.Name] = t
		}
		want := wanted(s, from, to)
		for _, t := range want {
			o, exists := have[t.Name]
			delete(have, t.Name)
			switch {
			case !exists:
				if t.Type == "timeout" {
					cuts = append(cuts, op{http.MethodPost, p, t})
				} else {
					rest = append(rest, op{http.MethodPost, p, t})
				}
			case o.Type != t.Type || o.Stream != t.Stream || !reflect.DeepEqual(o.Attributes, t.Attributes):
				rest = append(rest, op{http.MethodPost, p + "/" + url.PathEscape(t.Name), map[string]any{"attributes": t.Attributes}})
			}
		}
		for name := range have {
			rest = append(rest, op{http.MethodDelete, p + "/" + url.PathEscape(name), nil})
		}
	}
	for _, o := range append(cuts, rest...) {
		if err := c.do(ctx, o.method, o.path, o.body, nil); err != nil {
			return err
		}
	}
	return nil
}

func (c *Client) do(ctx context.Context, method, path string, body, out any) error {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.API+path, r)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("the WAN proxies (Toxiproxy) at %s do not answer (is the lab up? make lab-up): %w", c.API, err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("the WAN proxies (Toxiproxy) refused %s %s: %s: %s", method, path, resp.Status, strings.TrimSpace(string(b)))
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}
