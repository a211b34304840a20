package kafka

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
)

// retriable reports whether err is a Kafka error that goes away by itself
// (leader elections, controller moves, timeouts).
func retriable(err error) bool {
	var ke *kerr.Error
	if errors.As(err, &ke) {
		return ke.Retriable || ke == kerr.NotController
	}
	return false
}

// Retry runs fn until it succeeds, fails with an error that is not retriable,
// or ctx ends. Backoff doubles from 100ms up to 2s. When ctx ends the last
// Kafka error is returned, so the user sees why, not just "deadline exceeded".
func Retry(ctx context.Context, fn func(context.Context) error) error {
	backoff := 100 * time.Millisecond
	for {
		err := fn(ctx)
		if err == nil || !retriable(err) {
			return err
		}
		t := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
		if backoff < 2*time.Second {
			backoff *= 2
		}
	}
}

// retryAlter sends an alter request with Retry; it fails on the first
// resource the brokers refuse, which refusal tells from its answer.
func retryAlter[R any](ctx context.Context, send func(context.Context) ([]R, error), refusal func(R) error) error {
	return Retry(ctx, func(ctx context.Context) error {
		rs, err := send(ctx)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if err := refusal(r); err != nil {
				return err
			}
		}
		return nil
	})
}

// poll calls check until it reports done, fails with an error that is not
// retriable, or ctx ends; a retriable error counts as not done yet. The wait
// between calls starts at first and doubles until it passes a second. When
// ctx ends the error says what was still pending.
func poll(ctx context.Context, first time.Duration, pending string, check func(context.Context) (bool, error)) error {
	delay := first
	for {
		done, err := check(ctx)
		if err != nil && !retriable(err) {
			return err
		}
		if err == nil && done {
			return nil
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%s: %w", pending, ctx.Err())
		case <-t.C:
		}
		if delay < time.Second {
			delay *= 2
		}
	}
}
