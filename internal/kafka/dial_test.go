package kafka

import (
	"context"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
)

// silentBroker accepts connections and never answers, as a broker in a
// region cut off does when the network holds its packets; accepted counts
// its connections.
func silentBroker(t *testing.T, accepted *atomic.Int32) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		var held []net.Conn
		defer func() {
			for _, c := range held {
				_ = c.Close()
			}
		}()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			held = append(held, c)
		}
	}()
	return ln.Addr().String()
}

// TestSilentSeedsSkipped: two of three bootstrap addresses never answer.
// Every read succeeds, each silent broker costs one request timeout once,
// and reads after that do not wait on them again.
func TestSilentSeedsSkipped(t *testing.T) {
	fc, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(3, "a"))
	if err != nil {
		t.Fatal(err)
	}
	defer fc.Close()
	timeout := 2 * time.Second
	var accepted atomic.Int32
	seeds := append([]string{silentBroker(t, &accepted), silentBroker(t, &accepted)}, fc.ListenAddrs()...)
	reg := NewRegistry(map[string]Config{"c": {BootstrapServers: seeds, RequestTimeout: timeout}}, nil, nil, nil)
	cl, err := reg.Cluster("c")
	if err != nil {
		t.Fatal(err)
	}
	began := time.Now()
	var last time.Duration
	for i := range 8 {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		start := time.Now()
		topic, err := cl.FreshTopic(ctx, "a")
		cancel()
		if err != nil || topic == nil {
			t.Fatalf("read %d: %v, %v", i, topic, err)
		}
		last = time.Since(start)
	}
	// Each silent broker is dialed once, costs one timeout, and is skipped
	// from then on.
	if n := accepted.Load(); n > 2 {
		t.Errorf("the silent brokers were connected to %d times, want at most once each", n)
	}
	if total := time.Since(began); total > 2*timeout+5*time.Second {
		t.Errorf("8 reads took %s: the silent brokers were waited on more than once", total)
	}
	if last > time.Second {
		t.Errorf("the last read took %s: a silent broker was waited on again", last)
	}
}
