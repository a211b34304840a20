package kafka

import (
	"context"
	"sync"
	"time"
)

// batcher merges calls that arrive together into one round trip. The first
// call of a batch waits a short window for company; calls that arrive while a
// round trip is in flight gather in the next batch, which leaves as soon as
// the previous one returns. So under load a cluster sees one request of a
// kind at a time, however many resources ask.
type batcher[K comparable, A, V any] struct {
	window  time.Duration
	timeout time.Duration
	do      func(ctx context.Context, items map[K]A) (map[K]V, error)

	mu      sync.Mutex
	pending *batch[K, A, V]
	turn    chan struct{} // one round trip in flight per batcher
}

type batch[K comparable, A, V any] struct {
	items map[K]A
	done  chan struct{}
	res   map[K]V
	err   error
}

func newBatcher[K comparable, A, V any](window, timeout time.Duration, do func(context.Context, map[K]A) (map[K]V, error)) *batcher[K, A, V] {
	return &batcher[K, A, V]{window: window, timeout: timeout, do: do, turn: make(chan struct{}, 1)}
}

// get adds key (with its argument; a later argument for the same key in the
// same batch wins) to the next batch and waits for its result. A key the round
// trip did not answer yields the zero V.
func (b *batcher[K, A, V]) get(ctx context.Context, key K, arg A) (V, error) {
	b.mu.Lock()
	bt := b.pending
	if bt == nil {
		bt = &batch[K, A, V]{items: map[K]A{}, done: make(chan struct{})}
		b.pending = bt
		go b.run(bt)
	}
	bt.items[key] = arg
	b.mu.Unlock()

	select {
	case <-bt.done:
		return bt.res[key], bt.err
	case <-ctx.Done():
		var zero V
		return zero, ctx.Err()
	}
}

// send hands key to b and returns its outcome, retrying while that error,
// of the round trip or of key's own entry, is retriable. (A generic function,
// since a method cannot narrow V to error.)
func send[K comparable, A any](ctx context.Context, b *batcher[K, A, error], key K, arg A) error {
	return Retry(ctx, func(ctx context.Context) error {
		perr, err := b.get(ctx, key, arg)
		if err != nil {
			return err
		}
		return perr
	})
}

func (b *batcher[K, A, V]) run(bt *batch[K, A, V]) {
	b.turn <- struct{}{}
	defer func() { <-b.turn }()
	time.Sleep(b.window)

	b.mu.Lock()
	if b.pending == bt {
		b.pending = nil
	}
	items := bt.items
	b.mu.Unlock()

	// The round trip serves many callers, so it runs on its own deadline
	// rather than on any one caller's context.
	ctx, cancel := context.WithTimeout(context.Background(), b.timeout)
	defer cancel()
	bt.res, bt.err = b.do(ctx, items)
	close(bt.done)
}
