package connect

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestTimedOutRequestsRetried: Connect holds a request while its group
// rebalances; a request that times out waiting is sent again while the
// caller's context allows, except a POST, which a retry could repeat.
func TestTimedOutRequestsRetried(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			time.Sleep(300 * time.Millisecond) // longer than the client waits
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	c := New(srv.URL)
	c.http.Timeout = 100 * time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.Delete(ctx, "x"); err != nil {
		t.Fatalf("DELETE after a timed-out attempt: %v", err)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("DELETE sent %d times, want 2", n)
	}

	calls.Store(0)
	if err := c.do(ctx, http.MethodPost, "/connectors", map[string]string{}, nil); err == nil {
		t.Error("a timed-out POST was retried")
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("POST sent %d times, want 1", n)
	}

	// The caller's deadline still ends the retries.
	calls.Store(0)
	slow := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { time.Sleep(300 * time.Millisecond) }))
	defer slow.Close()
	c = New(slow.URL)
	c.http.Timeout = 100 * time.Millisecond
	short, cancel2 := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel2()
	began := time.Now()
	if err := c.Delete(short, "x"); err == nil {
		t.Error("DELETE to a Connect that never answers succeeded")
	}
	if d := time.Since(began); d > 2*time.Second {
		t.Errorf("gave up after %s, past the caller's 500 ms", d)
	}
}

// A client sends its credentials over TLS, and a refusal says what to fix.
func TestCredentialsOverTLS(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, p, ok := r.BasicAuth()
		if (!ok || u != "admin" || p != "s3cret") && r.Header.Get("Authorization") != "Bearer tok" {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error_code":401,"message":"User cannot access the resource."}`))
			return
		}
		_, _ = w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	tc := srv.Client().Transport.(*http.Transport).TLSClientConfig
	ctx := context.Background()
	for _, e := range []Endpoint{{URL: srv.URL, TLS: tc, Username: "admin", Password: "s3cret"}, {URL: srv.URL, TLS: tc, Token: "tok"}} {
		if _, err := NewClient(e).Configs(ctx); err != nil {
			t.Errorf("%+v: %v", e, err)
		}
	}
	_, err := NewClient(Endpoint{URL: srv.URL, TLS: tc, Username: "admin", Password: "wrong"}).Configs(ctx)
	if err == nil || !strings.Contains(err.Error(), "refused the provider's credentials") || !strings.Contains(err.Error(), "connect_auth") {
		t.Errorf("wrong password: %v", err)
	}
	if _, err := New(srv.URL).Configs(ctx); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("a server the client does not trust: %v", err)
	}
}
