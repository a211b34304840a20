package kafka

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// Info returns the cluster id, controller and brokers.
func (c *Cluster) Info(ctx context.Context) (ClusterInfo, error) {
	if err := c.topics.ensure(ctx); err != nil {
		return ClusterInfo{}, err
	}
	c.topics.mu.Lock()
	defer c.topics.mu.Unlock()
	return c.topics.info, nil
}

// FreshInfo reads the brokers again, bypassing the snapshot.
func (c *Cluster) FreshInfo(ctx context.Context) (ClusterInfo, error) {
	var info ClusterInfo
	err := Retry(ctx, func(ctx context.Context) error {
		var err error
		info, _, err = c.requestMetadata(ctx, []string{})
		return err
	})
	return info, err
}

// Topics returns every topic of the snapshot (configs included).
func (c *Cluster) Topics(ctx context.Context) (map[string]*Topic, error) {
	if err := c.topics.ensure(ctx); err != nil {
		return nil, err
	}
	tc := c.topics
	tc.mu.Lock()
	stale := make([]string, 0, len(tc.stale))
	for n := range tc.stale {
		stale = append(stale, n)
	}
	tc.mu.Unlock()
	for _, n := range stale {
		if _, err := c.Topic(ctx, n); err != nil {
			return nil, err
		}
	}
	tc.mu.Lock()
	defer tc.mu.Unlock()
	out := make(map[string]*Topic, len(tc.topics))
	for n, t := range tc.topics {
		out[n] = t
	}
	return out, nil
}

// Topic returns a topic, or nil when it does not exist. Topics this process
// wrote are read fresh; others come from the run's snapshot.
func (c *Cluster) Topic(ctx context.Context, name string) (*Topic, error) {
	tc := c.topics
	tc.mu.Lock()
	stale := tc.stale[name]
	tc.mu.Unlock()
	if !stale {
		if err := tc.ensure(ctx); err != nil {
			return nil, err
		}
		tc.mu.Lock()
		t, fresh := tc.topics[name], !tc.stale[name]
		tc.mu.Unlock()
		if fresh {
			return t, nil
		}
	}
	t, err := c.fetchTopic(ctx, name)
	if err != nil {
		return nil, err
	}
	tc.mu.Lock()
	// Only a loaded snapshot takes the fresh copy; an unloaded one keeps the
	// name stale so that loading it later cannot overwrite a fresher read.
	if tc.loaded {
		if t == nil {
			delete(tc.topics, name)
		} else {
			tc.topics[name] = t
		}
		delete(tc.stale, name)
	}
	tc.mu.Unlock()
	return t, nil
}

// FreshTopic reads a topic from the cluster, bypassing the snapshot.
func (c *Cluster) FreshTopic(ctx context.Context, name string) (*Topic, error) {
	c.topics.markStale(name)
	return c.Topic(ctx, name)
}

// fetchTopic reads one topic fresh from the cluster, coalesced with other
// reads that arrive at the same time.
func (c *Cluster) fetchTopic(ctx context.Context, name string) (*Topic, error) {
	var t *Topic
	err := Retry(ctx, func(ctx context.Context) error {
		mt, err := c.metadata.get(ctx, name, struct{}{})
		if err != nil {
			return err
		}
		if mt == nil {
			t = nil
			return nil
		}
		cr, err := c.configs.get(ctx, name, struct{}{})
		if err != nil {
			return err
		}
		if errors.Is(cr.err, kerr.UnknownTopicOrPartition) {
			t = nil
			return nil
		}
		if cr.err != nil {
			return cr.err
		}
		cp := *mt
		cp.Config, cp.Inherited = cr.config, cr.inherited
		t = &cp
		return nil
	})
	return t, err
}

// fetchMetadata answers a batch of topic reads with one Metadata request; a
// topic that does not exist has no entry, which the batcher hands out as nil.
func (c *Cluster) fetchMetadata(ctx context.Context, names map[string]struct{}) (map[string]*Topic, error) {
	list := make([]string, 0, len(names))
	for n := range names {
		list = append(list, n)
	}
	_, topics, err := c.requestMetadata(ctx, list)
	return topics, err
}

// requestMetadata sends one uncached Metadata request: nil names means all
// topics, an empty slice means brokers only.
func (c *Cluster) requestMetadata(ctx context.Context, names []string) (ClusterInfo, map[string]*Topic, error) {
	req := kmsg.NewPtrMetadataRequest()
	if names != nil {
		req.Topics = make([]kmsg.MetadataRequestTopic, 0, len(names))
		for _, n := range names {
			rt := kmsg.NewMetadataRequestTopic()
			rt.Topic = kmsg.StringPtr(n)
			req.Topics = append(req.Topics, rt)
		}
	}
	resp, err := req.RequestWith(ctx, c.cl)
	if err != nil {
		return ClusterInfo{}, nil, err
	}
	info := ClusterInfo{ControllerID: resp.ControllerID}
	if resp.ClusterID != nil {
		info.ClusterID = *resp.ClusterID
	}
	for _, b := range resp.Brokers {
		br := Broker{ID: b.NodeID, Host: b.Host, Port: b.Port}
		if b.Rack != nil {
			br.Rack = *b.Rack
		}
		info.Brokers = append(info.Brokers, br)
	}
	sort.Slice(info.Brokers, func(i, j int) bool { return info.Brokers[i].ID < info.Brokers[j].ID })

	topics := make(map[string]*Topic, len(resp.Topics))
	for _, rt := range resp.Topics {
		if rt.Topic == nil {
			continue
		}
		switch err := kerr.ErrorForCode(rt.ErrorCode); {
		case errors.Is(err, kerr.UnknownTopicOrPartition):
			continue // absent: no entry
		case err != nil && !errors.Is(err, kerr.LeaderNotAvailable):
			return info, nil, fmt.Errorf("describe topic %q: %w", *rt.Topic, err)
		}
		t := &Topic{Name: *rt.Topic, ID: topicID(rt.TopicID), Internal: rt.IsInternal}
		for _, p := range rt.Partitions {
			t.Partitions = append(t.Partitions, Partition{ID: p.Partition, Leader: p.Leader, Replicas: p.Replicas, ISR: p.ISR})
		}
		sort.Slice(t.Partitions, func(i, j int) bool { return t.Partitions[i].ID < t.Partitions[j].ID })
		topics[t.Name] = t
	}
	return info, topics, nil
}

// topicID formats a topic UUID the way Kafka's tools print it (URL-safe
// base64 without padding), so users can compare it with kafka-topics output.
func topicID(id [16]byte) string {
	return base64.RawURLEncoding.EncodeToString(id[:])
}

// waitTopic polls fresh metadata until ready(topic) holds or ctx ends.
func (c *Cluster) waitTopic(ctx context.Context, name string, ready func(*Topic) bool) (*Topic, error) {
	var t *Topic
	pending := fmt.Sprintf("topic %q did not reach the expected state in time", name)
	err := poll(ctx, 50*time.Millisecond, pending, func(ctx context.Context) (bool, error) {
		var err error
		t, err = c.FreshTopic(ctx, name)
		return err == nil && ready(t), err
	})
	return t, err
}

// waitLeaders waits until the topic has at least n partitions and every one
// has a leader: from then on it serves produce and fetch. It polls metadata
// alone, since leaders are all it waits for: the topic it returns has no
// config, and stays stale in the snapshot, so the next read of the topic
// fetches its configs with it. (Reading configs on every poll was a
// DescribeConfigs per created topic, and broker time, for nothing.)
func (c *Cluster) waitLeaders(ctx context.Context, name string, n int) (*Topic, error) {
	var t *Topic
	pending := fmt.Sprintf("topic %q had no leader for every partition in time", name)
	err := poll(ctx, 50*time.Millisecond, pending, func(ctx context.Context) (bool, error) {
		var err error
		t, err = c.metadata.get(ctx, name, struct{}{})
		return err == nil && leadersUp(t, n), err
	})
	return t, err
}

func leadersUp(t *Topic, n int) bool {
	if t == nil || len(t.Partitions) < n {
		return false
	}
	for _, p := range t.Partitions {
		if p.Leader < 0 {
			return false
		}
	}
	return true
}
