package kafka

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/twmb/franz-go/pkg/kmsg"
)

// skipFor is how long a broker that left a request unanswered is skipped.
const skipFor = time.Minute

// hedgeAfter is how long a new connection may take to open, or to answer
// its first request (the client's ApiVersions, which a broker answers at
// once), before the dialer asks the other bootstrap servers whether they
// answer. When one does first, the connection is given up and its broker
// skipped, as if its request had timed out: in a region cut off, a client
// then pays about twice this once, instead of the request timeout per
// address (see hedge).
const hedgeAfter = 2 * time.Second

// dialer opens the client's connections and remembers brokers that stopped
// answering. A broker in a region cut off accepts no packets: depending on
// the network, connecting or reading stalls until the request's timeout. The
// client retries on another broker, but returns to every seed now and then,
// so each request of a plan could pay that timeout again. Once a read on a
// broker has timed out, or the broker was given up for another that
// answered (hedgeAfter), dialing it fails at once for skipFor, and the
// client moves on to the next broker without waiting.
type dialer struct {
	net   *net.Dialer
	tls   *tls.Config // nil for plaintext
	seeds []string
	// probeTimeout bounds asking another seed whether it answers.
	probeTimeout time.Duration

	mu      sync.Mutex
	silentd map[string]time.Time // address -> when it last left a request unanswered
	now     func() time.Time
}

func newDialer(timeout time.Duration, tc *tls.Config, seeds []string) *dialer {
	d := &dialer{net: &net.Dialer{Timeout: timeout}, tls: tc, probeTimeout: timeout, silentd: map[string]time.Time{}, now: time.Now}
	for _, s := range seeds {
		d.seeds = append(d.seeds, withPort(s))
	}
	return d
}

// withPort is addr as the client dials it: a seed without a port gets
// Kafka's default, 9092.
func withPort(addr string) string {
	if _, _, err := net.SplitHostPort(addr); err == nil {
		return addr
	}
	return net.JoinHostPort(strings.Trim(addr, "[]"), "9092")
}

// errSkipped says why a broker was not dialed.
var errSkipped = errors.New("skipped: it left a request unanswered in the last minute")

func (d *dialer) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	if d.skipped(addr) {
		// A dial error, so that the client tries the next broker.
		return nil, &net.OpError{Op: "dial", Net: network, Err: fmt.Errorf("broker %s %w", addr, errSkipped)}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var givenUp atomic.Bool
	stop := d.hedge(addr, func() { givenUp.Store(true); cancel() })
	c, err := d.connect(ctx, network, addr)
	stop()
	if err != nil {
		if givenUp.Load() || isTimeout(err) {
			d.silent(addr)
		}
		return nil, err
	}
	wc := &watchedConn{Conn: c, d: d, addr: addr}
	wc.first.Store(true)
	return wc, nil
}

// connect opens a connection to addr, with TLS when configured.
func (d *dialer) connect(ctx context.Context, network, addr string) (net.Conn, error) {
	c, err := d.net.DialContext(ctx, network, addr)
	if err != nil || d.tls == nil {
		return c, err
	}
	cfg := d.tls.Clone()
	if cfg.ServerName == "" {
		host, _, _ := net.SplitHostPort(addr)
		cfg.ServerName = host
	}
	tc := tls.Client(c, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		_ = c.Close()
		return nil, err
	}
	return tc, nil
}

func (d *dialer) skipped(addr string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	at, silent := d.silentd[addr]
	return silent && d.now().Sub(at) < skipFor
}

func (d *dialer) silent(addr string) {
	d.mu.Lock()
	d.silentd[addr] = d.now()
	d.mu.Unlock()
}

// hedge calls giveUp if, from hedgeAfter on and until stop is called,
// another seed that is not skipped answers a probe. The seeds that then
// have not answered either get hedgeAfter more, and are skipped as silent
// if they still have not: one round costs a region cut off about 2 ×
// hedgeAfter, however many of its addresses are seeds.
func (d *dialer) hedge(addr string, giveUp func()) (stop func()) {
	var others []string
	for _, s := range d.seeds {
		if s != addr && !d.skipped(s) {
			others = append(others, s)
		}
	}
	if len(others) == 0 {
		return func() {}
	}
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex // once stop returns, giveUp is not called
	stopped, answered := false, false
	t := time.AfterFunc(hedgeAfter, func() {
		defer cancel()
		d.probeRound(ctx, others, func() bool {
			mu.Lock()
			defer mu.Unlock()
			if stopped {
				return false
			}
			answered = true
			giveUp()
			return true
		})
	})
	return func() {
		mu.Lock()
		stopped = true
		goesOn := answered // the round goes on to mark the seeds that did not answer
		mu.Unlock()
		t.Stop()
		if !goesOn {
			cancel()
		}
	}
}

// probeRound probes addrs at once. At the first answer it calls first; if
// that returns true, the others get hedgeAfter more to answer, and those
// that neither answer nor fail by then are skipped as silent.
func (d *dialer) probeRound(ctx context.Context, addrs []string, first func() bool) {
	// Room for the first answer, then for the others' hedgeAfter.
	ctx, cancel := context.WithTimeout(ctx, d.probeTimeout+hedgeAfter)
	defer cancel()
	type result struct {
		addr string
		err  error
	}
	results := make(chan result, len(addrs))
	pending := map[string]bool{}
	for _, a := range addrs {
		pending[a] = true
		go func() { results <- result{a, d.probe(ctx, a)} }()
	}
	var late <-chan time.Time
	for len(pending) > 0 {
		select {
		case r := <-results:
			delete(pending, r.addr)
			if r.err == nil && late == nil {
				if !first() {
					return
				}
				late = time.After(hedgeAfter)
			}
		case <-late:
			for a := range pending {
				d.silent(a)
			}
			return
		}
	}
}

// probeRequest is an ApiVersions v0 request, framed for the wire.
var probeRequest = kmsg.NewRequestFormatter(kmsg.FormatterClientID(clientID)).AppendRequest(nil, kmsg.NewPtrApiVersionsRequest(), 0)

// probe connects to addr and waits for the start of its answer to an
// ApiVersions v0 request, which every broker answers before any
// authentication.
func (d *dialer) probe(ctx context.Context, addr string) error {
	c, err := d.connect(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	defer context.AfterFunc(ctx, func() { _ = c.SetDeadline(time.Now()) })()
	if _, err := c.Write(probeRequest); err != nil {
		return err
	}
	var size [4]byte
	_, err = io.ReadFull(c, size[:])
	return err
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// watchedConn reports a read that ran past its deadline: the client sets
// one on every request, so the broker did not answer in time. The first
// read, the answer to the client's ApiVersions, is hedged (hedgeAfter).
type watchedConn struct {
	net.Conn
	d     *dialer
	addr  string
	first atomic.Bool

	mu       sync.Mutex
	deadline time.Time // the client's read deadline
}

func (c *watchedConn) SetReadDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.deadline = t
	return c.Conn.SetReadDeadline(t)
}

func (c *watchedConn) Read(p []byte) (int, error) {
	stop := func() {}
	var gaveUp atomic.Bool
	if c.first.CompareAndSwap(true, false) {
		stop = c.d.hedge(c.addr, func() {
			gaveUp.Store(true)
			_ = c.Conn.SetReadDeadline(time.Now())
		})
	}
	n, err := c.Conn.Read(p)
	stop()
	if n > 0 && gaveUp.Load() {
		// The answer came as the broker was given up: keep the broker,
		// with the client's deadline for the rest of the answer.
		c.mu.Lock()
		_ = c.Conn.SetReadDeadline(c.deadline)
		c.mu.Unlock()
	}
	if err != nil && isTimeout(err) {
		c.d.silent(c.addr)
	}
	return n, err
}

// shuffled returns the seeds in a random order, so that seeds listed first
// that do not answer (a region cut off is often listed together) are not
// always tried first.
func shuffled(seeds []string) []string {
	out := append([]string(nil), seeds...)
	rand.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}
