package kafka

import (
	"context"
	"sync"
)

// snapshot holds one cluster-wide read (all ACLs, all SCRAM users...) for
// the rest of a Terraform run: the first caller loads it, concurrent callers
// wait for that load, writes invalidate it. A load that raced a write is
// handed to its caller but not kept.
type snapshot[T any] struct {
	load func(context.Context) (T, error)

	mu      sync.Mutex
	loading chan struct{}
	loaded  bool
	gen     int
	value   T
}

func (s *snapshot[T]) get(ctx context.Context) (T, error) {
	for {
		s.mu.Lock()
		if s.loaded {
			v := s.value
			s.mu.Unlock()
			return v, nil
		}
		if s.loading != nil {
			ch := s.loading
			s.mu.Unlock()
			select {
			case <-ch:
				continue
			case <-ctx.Done():
				var zero T
				return zero, ctx.Err()
			}
		}
		ch := make(chan struct{})
		s.loading = ch
		gen := s.gen
		s.mu.Unlock()

		var v T
		err := Retry(ctx, func(ctx context.Context) error {
			var err error
			v, err = s.load(ctx)
			return err
		})
		s.mu.Lock()
		if err == nil && s.gen == gen {
			s.loaded, s.value = true, v
		}
		s.loading = nil
		s.mu.Unlock()
		close(ch)
		return v, err
	}
}

func (s *snapshot[T]) invalidate() {
	s.mu.Lock()
	s.loaded = false
	s.gen++
	s.mu.Unlock()
}
