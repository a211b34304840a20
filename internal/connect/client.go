// Package connect is a small client of the Kafka Connect REST API: the calls
// a replication link needs, with errors that quote what Connect said.
package connect

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// ErrNotFound means the connector does not exist.
var ErrNotFound = errors.New("connector not found")

// Client talks to one Connect cluster.
type Client struct {
	base string
	http *http.Client
	auth func(*http.Request)
}

// Endpoint is where a Connect REST API listens and how to log in to it.
type Endpoint struct {
	URL string
	// TLS is the client side of an https URL; nil uses the system's roots.
	TLS *tls.Config
	// Basic authentication (Kafka's BasicAuthSecurityRestExtension), or a
	// bearer token for an extension or a gateway that takes one.
	Username, Password, Token string
}

// New returns a client of the Connect REST API at baseURL, with no
// credentials.
func New(baseURL string) *Client { return NewClient(Endpoint{URL: baseURL}) }

// NewClient returns a client of the endpoint.
func NewClient(e Endpoint) *Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	if e.TLS != nil {
		tr.TLSClientConfig = e.TLS
	}
	c := &Client{base: strings.TrimRight(e.URL, "/"), http: &http.Client{Timeout: 30 * time.Second, Transport: tr}, auth: func(*http.Request) {}}
	switch {
	case e.Token != "":
		c.auth = func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+e.Token) }
	case e.Username != "":
		c.auth = func(r *http.Request) { r.SetBasicAuth(e.Username, e.Password) }
	}
	return c
}

// URL is the REST address the client uses.
func (c *Client) URL() string { return c.base }

// Status is a connector's state and its tasks' states.
type Status struct {
	Name      string `json:"name"`
	Connector struct {
		State    string `json:"state"`
		WorkerID string `json:"worker_id"`
		Trace    string `json:"trace"`
	} `json:"connector"`
	Tasks []TaskStatus `json:"tasks"`
}

// TaskStatus is one task's state; Trace holds the failure's stack trace.
type TaskStatus struct {
	ID       int    `json:"id"`
	State    string `json:"state"`
	WorkerID string `json:"worker_id"`
	Trace    string `json:"trace"`
}

// Connector and task states, as Kafka Connect reports them.
const (
	Running    = "RUNNING"
	Paused     = "PAUSED"
	Stopped    = "STOPPED"
	Failed     = "FAILED"
	Unassigned = "UNASSIGNED"
)

// Error is a non-2xx answer from Connect.
type Error struct {
	Method, Path string
	Code         int
	Message      string
}

func (e *Error) Error() string {
	if IsRefused(e) {
		return fmt.Sprintf("Kafka Connect refused the provider's credentials (%s %s answered %d: %s): "+
			"set connect_auth to a user, or a token, that its REST API accepts", e.Method, e.Path, e.Code, e.Message)
	}
	return fmt.Sprintf("Kafka Connect answered %s %s with %d: %s", e.Method, e.Path, e.Code, e.Message)
}

// IsRefused reports whether err is Connect refusing the credentials.
func IsRefused(err error) bool {
	var ce *Error
	return errors.As(err, &ce) && (ce.Code == http.StatusUnauthorized || ce.Code == http.StatusForbidden)
}

// do sends one request. A 409, or a 500 that says a rebalance is expected,
// means the Connect cluster is rebalancing: the request is retried until ctx
// ends. So is a request that every retry leaves as it is (not a POST) and
// that timed out waiting for the answer: Connect holds a request until its
// group has rebalanced, which over a slow network can outlast one request's
// timeout, though not the resource's.
func (c *Client) do(ctx context.Context, method, path string, body, out any) error {
	for {
		err := c.once(ctx, method, path, body, out)
		var ce *Error
		var ue *url.Error
		retry := errors.As(err, &ce) && (ce.Code == http.StatusConflict || strings.Contains(ce.Message, "rebalance")) ||
			method != http.MethodPost && errors.As(err, &ue) && ue.Timeout() && ctx.Err() == nil
		if !retry {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(250 * time.Millisecond):
		}
	}
}

func (c *Client) once(ctx context.Context, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	c.auth(req)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("cannot reach Kafka Connect at %s: %w", c.base, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if resp.StatusCode == http.StatusNotFound {
		return ErrNotFound
	}
	if resp.StatusCode >= 300 {
		var e struct {
			Message string `json:"message"`
		}
		if json.Unmarshal(data, &e) != nil || e.Message == "" {
			e.Message = strings.TrimSpace(string(data))
		}
		return &Error{Method: method, Path: path, Code: resp.StatusCode, Message: e.Message}
	}
	if out != nil && len(data) > 0 {
		return json.Unmarshal(data, out)
	}
	return nil
}

func path(name string, rest ...string) string {
	return "/connectors/" + url.PathEscape(name) + strings.Join(rest, "")
}

// Put creates or updates a connector's configuration.
func (c *Client) Put(ctx context.Context, name string, cfg map[string]string) error {
	return c.do(ctx, http.MethodPut, path(name, "/config"), cfg, nil)
}

// CreateStopped creates a connector in the STOPPED state (Kafka Connect
// 3.7+): nothing runs until it is resumed, so its offsets can be reset first.
func (c *Client) CreateStopped(ctx context.Context, name string, cfg map[string]string) error {
	body := map[string]any{"name": name, "config": cfg, "initial_state": "STOPPED"}
	return c.once(ctx, http.MethodPost, "/connectors", body, nil)
}

// ResetOffsets forgets the positions of a stopped connector, including
// those an earlier connector of the same name left behind (Connect 3.6+).
func (c *Client) ResetOffsets(ctx context.Context, name string) error {
	return c.do(ctx, http.MethodDelete, path(name, "/offsets"), nil, nil)
}

// AlterOffsets sets positions of a stopped connector (Connect 3.6+), in the
// offsets API's {partition, offset} format.
func (c *Client) AlterOffsets(ctx context.Context, name string, offsets []any) error {
	return c.do(ctx, http.MethodPatch, path(name, "/offsets"), map[string]any{"offsets": offsets}, nil)
}

// Config returns a connector's configuration.
func (c *Client) Config(ctx context.Context, name string) (map[string]string, error) {
	var cfg map[string]string
	err := c.do(ctx, http.MethodGet, path(name, "/config"), nil, &cfg)
	return cfg, err
}

// Configs returns the configuration of every connector, by name, in one
// request.
func (c *Client) Configs(ctx context.Context) (map[string]map[string]string, error) {
	var all map[string]struct {
		Info struct {
			Config map[string]string `json:"config"`
		} `json:"info"`
	}
	if err := c.do(ctx, http.MethodGet, "/connectors?expand=info", nil, &all); err != nil {
		return nil, err
	}
	out := make(map[string]map[string]string, len(all))
	for name, c := range all {
		out[name] = c.Info.Config
	}
	return out, nil
}

// Status returns a connector's state and its tasks.
func (c *Client) Status(ctx context.Context, name string) (Status, error) {
	var s Status
	err := c.do(ctx, http.MethodGet, path(name, "/status"), nil, &s)
	return s, err
}

// Pause, Resume and Stop change a connector's target state.
func (c *Client) Pause(ctx context.Context, name string) error {
	return c.do(ctx, http.MethodPut, path(name, "/pause"), nil, nil)
}

// Resume starts a paused or stopped connector again.
func (c *Client) Resume(ctx context.Context, name string) error {
	return c.do(ctx, http.MethodPut, path(name, "/resume"), nil, nil)
}

// Stop shuts a connector's tasks down, keeping its configuration.
func (c *Client) Stop(ctx context.Context, name string) error {
	return c.do(ctx, http.MethodPut, path(name, "/stop"), nil, nil)
}

// Delete removes a connector; one that is already gone is not an error.
func (c *Client) Delete(ctx context.Context, name string) error {
	err := c.do(ctx, http.MethodDelete, path(name, ""), nil, nil)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// RestartFailed restarts the connector and its failed tasks.
func (c *Client) RestartFailed(ctx context.Context, name string) error {
	return c.do(ctx, http.MethodPost, path(name, "/restart?includeTasks=true&onlyFailed=true"), nil, nil)
}
