package kafka

import (
	"context"
	"io"
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
	// Each silent broker is dialed once by the client and probed at most
	// once while another is hedged, costs one timeout at most, and is
	// skipped from then on.
	if n := accepted.Load(); n > 4 {
		t.Errorf("the silent brokers were connected to %d times, want at most twice each", n)
	}
	if total := time.Since(began); total > 2*timeout+5*time.Second {
		t.Errorf("8 reads took %s: the silent brokers were waited on more than once", total)
	}
	if last > time.Second {
		t.Errorf("the last read took %s: a silent broker was waited on again", last)
	}
}

// TestSilentSeedGivenUp: with the default 10 s request timeout and two of
// three bootstrap addresses silent, the first read does not wait out a
// timeout: a connection that has not answered after hedgeAfter is given up
// as soon as another seed answers a probe, and a seed that does not answer
// the probe either is skipped.
func TestSilentSeedGivenUp(t *testing.T) {
	fc, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(3, "a"))
	if err != nil {
		t.Fatal(err)
	}
	defer fc.Close()
	var accepted atomic.Int32
	seeds := append([]string{silentBroker(t, &accepted), silentBroker(t, &accepted)}, fc.ListenAddrs()...)
	for i := range 3 { // each client starts on a seed at random
		reg := NewRegistry(map[string]Config{"c": {BootstrapServers: seeds}}, nil, nil, nil)
		cl, err := reg.Cluster("c")
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		start := time.Now()
		topic, err := cl.FreshTopic(ctx, "a")
		cancel()
		if err != nil || topic == nil {
			t.Fatalf("client %d: %v, %v", i, topic, err)
		}
		// One round of probes, well inside one request timeout
		// (DefaultRequestTimeout, 10 s).
		if took := time.Since(start); took > 9*time.Second {
			t.Errorf("client %d: the first read took %s, want well under the %s request timeout", i, took, DefaultRequestTimeout)
		}
	}
}

// TestHedgeLeavesAnsweringBroker: a broker that answers its connection's
// first request within hedgeAfter is never given up, and no other seed is
// probed.
func TestHedgeLeavesAnsweringBroker(t *testing.T) {
	fc, err := kfake.NewCluster(kfake.NumBrokers(1))
	if err != nil {
		t.Fatal(err)
	}
	defer fc.Close()
	live := fc.ListenAddrs()[0]
	var probed atomic.Int32
	d := newDialer(time.Second, nil, []string{live, silentBroker(t, &probed)})
	c, err := d.dial(context.Background(), "tcp", live)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write(probeRequest); err != nil {
		t.Fatal(err)
	}
	var size [4]byte
	if _, err := io.ReadFull(c, size[:]); err != nil {
		t.Fatal(err)
	}
	time.Sleep(hedgeAfter + time.Second)
	if n := probed.Load(); n != 0 || d.skipped(live) {
		t.Errorf("probed %d times, live broker skipped %v: want neither for a broker that answered", n, d.skipped(live))
	}
}

func TestWithPort(t *testing.T) {
	for in, want := range map[string]string{"a:9093": "a:9093", "kafka-1": "kafka-1:9092", "[::1]": "[::1]:9092", "[::1]:9094": "[::1]:9094"} {
		if got := withPort(in); got != want {
			t.Errorf("withPort(%q) = %q, want %q", in, got, want)
		}
	}
}
