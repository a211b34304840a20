package kafka

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"sync"
	"time"
)

// skipFor is how long a broker that left a request unanswered is skipped.
const skipFor = time.Minute

// dialer opens the client's connections and remembers brokers that stopped
// answering. A broker in a region cut off accepts no packets: depending on
// the network, connecting or reading stalls until the request's timeout. The
// client retries on another broker, but returns to every seed now and then,
// so each request of a plan could pay that timeout again. Once a read on a
// broker has timed out, dialing it fails at once for skipFor, and the
// client moves on to the next broker without waiting.
type dialer struct {
	net *net.Dialer
	tls *tls.Config // nil for plaintext

	mu      sync.Mutex
	silentd map[string]time.Time // address -> when it last left a request unanswered
	now     func() time.Time
}

func newDialer(timeout time.Duration, tc *tls.Config) *dialer {
	return &dialer{net: &net.Dialer{Timeout: timeout}, tls: tc, silentd: map[string]time.Time{}, now: time.Now}
}

// errSkipped says why a broker was not dialed.
var errSkipped = errors.New("skipped: it left a request unanswered in the last minute")

func (d *dialer) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	d.mu.Lock()
	at, silent := d.silentd[addr]
	d.mu.Unlock()
	if silent && d.now().Sub(at) < skipFor {
		// A dial error, so that the client tries the next broker.
		return nil, &net.OpError{Op: "dial", Net: network, Err: fmt.Errorf("broker %s %w", addr, errSkipped)}
	}
	c, err := d.net.DialContext(ctx, network, addr)
	if err != nil {
		if isTimeout(err) {
			d.silent(addr)
		}
		return nil, err
	}
	if d.tls != nil {
		cfg := d.tls.Clone()
		if cfg.ServerName == "" {
			host, _, _ := net.SplitHostPort(addr)
			cfg.ServerName = host
		}
		tc := tls.Client(c, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			_ = c.Close()
			if isTimeout(err) {
				d.silent(addr)
			}
			return nil, err
		}
		c = tc
	}
	return &watchedConn{Conn: c, silent: func() { d.silent(addr) }}, nil
}

func (d *dialer) silent(addr string) {
	d.mu.Lock()
	d.silentd[addr] = d.now()
	d.mu.Unlock()
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// watchedConn reports a read that ran past its deadline: the client sets
// one on every request, so the broker did not answer in time.
type watchedConn struct {
	net.Conn
	silent func()
}

func (c *watchedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if err != nil && isTimeout(err) {
		c.silent()
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
