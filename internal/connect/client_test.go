package connect

import (
	"context"
	"net/http"
	"net/http/httptest"
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
