package kafka

import (
	"context"
	"sort"
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

// topicCache holds a snapshot of every topic of the cluster, taken on the
// first read of a Terraform run, so that refreshing N topics costs one
// Metadata and one DescribeConfigs round trip rather than N of each. Topics
// this process writes are marked stale and read again, fresh, on demand.
type topicCache struct {
	c *Cluster

	mu      sync.Mutex
	loading chan struct{}
	loaded  bool
	info    ClusterInfo
	topics  map[string]*Topic
	stale   map[string]bool
}

func newTopicCache(c *Cluster) *topicCache {
	return &topicCache{c: c, stale: map[string]bool{}}
}

// ensure loads the snapshot once; concurrent callers wait for the one load.
// A failed load is retried by the next caller.
func (tc *topicCache) ensure(ctx context.Context) error {
	for {
		tc.mu.Lock()
		if tc.loaded {
			tc.mu.Unlock()
			return nil
		}
		if tc.loading != nil {
			ch := tc.loading
			tc.mu.Unlock()
			select {
			case <-ch:
				continue
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		ch := make(chan struct{})
		tc.loading = ch
		tc.mu.Unlock()

		info, topics, err := tc.c.loadAll(ctx)

		tc.mu.Lock()
		if err == nil {
			tc.loaded, tc.info, tc.topics = true, info, topics
		}
		tc.loading = nil
		tc.mu.Unlock()
		close(ch)
		return err
	}
}

func (tc *topicCache) markStale(name string) {
	tc.mu.Lock()
	tc.stale[name] = true
	tc.mu.Unlock()
}

// configChunk is the most topics one snapshot DescribeConfigs asks for. A
// topic's configs take about 1.2 KB of response, so 25,000 topics are some
// 30 MB, under a third of franz-go's 100 MiB limit on a response. The
// broker's cost is the same in one request or in chunks: 10,000 topics took
// 1.3-1.6 s either way, in a heap that 10,000 partitions already filled to
// 300 MB.
const configChunk = 25000

// loadAll reads every topic with its config in O(1) round trips.
func (c *Cluster) loadAll(ctx context.Context) (ClusterInfo, map[string]*Topic, error) {
	var info ClusterInfo
	var topics map[string]*Topic
	err := Retry(ctx, func(ctx context.Context) error {
		var err error
		info, topics, err = c.requestMetadata(ctx, nil)
		return err
	})
	if err != nil {
		return info, nil, err
	}
	var names []string
	for n, t := range topics {
		if !t.Internal {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	// One request per cluster up to configChunk topics; past that, chunks
	// keep each response well inside the client's read limit.
	for i := 0; i < len(names); i += configChunk {
		end := min(i+configChunk, len(names))
		var cfgs map[string]configResult
		err := Retry(ctx, func(ctx context.Context) error {
			var err error
			cfgs, err = c.requestConfigs(ctx, names[i:end])
			return err
		})
		if err != nil {
			return info, nil, err
		}
		for n, r := range cfgs {
			if r.err == nil && topics[n] != nil {
				topics[n].Config, topics[n].Inherited = r.config, r.inherited
			}
		}
	}
	return info, topics, nil
}
