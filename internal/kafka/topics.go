package kafka

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// Topic is what the provider knows of a topic: its layout and every config
// entry the broker reports (defaults included, marked as such).
type Topic struct {
	Name       string
	ID         string
	Internal   bool
	Partitions []Partition // ordered by ID
	Config     map[string]ConfigEntry
}

// Partition is one partition's placement.
type Partition struct {
	ID       int32
	Leader   int32
	Replicas []int32
	ISR      []int32
}

// ConfigEntry is one config value and where it comes from.
type ConfigEntry struct {
	Value     string
	Source    kmsg.ConfigSource
	Sensitive bool
	ReadOnly  bool
	Type      kmsg.ConfigType
}

// IsOverride reports whether the value is set on the topic itself rather
// than inherited from a broker or built-in default.
func (e ConfigEntry) IsOverride() bool { return e.Source == kmsg.ConfigSourceDynamicTopicConfig }

// ReplicationFactor is the replica count of the topic's first partition.
func (t *Topic) ReplicationFactor() int {
	if len(t.Partitions) == 0 {
		return 0
	}
	return len(t.Partitions[0].Replicas)
}

// UniformReplicationFactor is the replica count shared by every partition;
// ok is false when partitions differ (a half-done or out-of-band reassignment).
func (t *Topic) UniformReplicationFactor() (rf int, ok bool) {
	rf = t.ReplicationFactor()
	for _, p := range t.Partitions {
		if len(p.Replicas) != rf {
			return 0, false
		}
	}
	return rf, true
}

// Overrides returns the config values set on the topic itself.
func (t *Topic) Overrides() map[string]string {
	out := map[string]string{}
	for k, e := range t.Config {
		if e.IsOverride() {
			out[k] = e.Value
		}
	}
	return out
}

// Broker is one broker of the cluster.
type Broker struct {
	ID   int32
	Host string
	Port int32
	Rack string
}

// ClusterInfo is the cluster-level part of a metadata response.
type ClusterInfo struct {
	ClusterID    string
	ControllerID int32
	Brokers      []Broker // ordered by ID
}

// Racks returns the distinct racks of the brokers, sorted.
func (ci ClusterInfo) Racks() []string {
	seen := map[string]bool{}
	var racks []string
	for _, b := range ci.Brokers {
		if b.Rack != "" && !seen[b.Rack] {
			seen[b.Rack] = true
			racks = append(racks, b.Rack)
		}
	}
	sort.Strings(racks)
	return racks
}

type topicResult struct {
	topic *Topic
	err   error
}

type configResult struct {
	config map[string]ConfigEntry
	err    error
}

type recordsResult struct {
	records int64
	err     error
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
	// Large clusters: keep each DescribeConfigs response to a sane size.
	const chunk = 2000
	for i := 0; i < len(names); i += chunk {
		end := min(i+chunk, len(names))
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
				topics[n].Config = r.config
			}
		}
	}
	return info, topics, nil
}

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
		r, err := c.metadata.get(ctx, name, struct{}{})
		if err != nil {
			return err
		}
		if r.err != nil {
			return r.err
		}
		if r.topic == nil {
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
		cp := *r.topic
		cp.Config = cr.config
		t = &cp
		return nil
	})
	return t, err
}

func (c *Cluster) fetchMetadata(ctx context.Context, names map[string]struct{}) (map[string]topicResult, error) {
	list := make([]string, 0, len(names))
	for n := range names {
		list = append(list, n)
	}
	_, topics, err := c.requestMetadata(ctx, list)
	if err != nil {
		return nil, err
	}
	out := make(map[string]topicResult, len(names))
	for n := range names {
		out[n] = topicResult{topic: topics[n]}
	}
	return out, nil
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
		case errors.Is(err, kerr.TopicAuthorizationFailed):
			return info, nil, fmt.Errorf("describe topic %q: %w", *rt.Topic, err)
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

func (c *Cluster) fetchConfigs(ctx context.Context, names map[string]struct{}) (map[string]configResult, error) {
	list := make([]string, 0, len(names))
	for n := range names {
		list = append(list, n)
	}
	return c.requestConfigs(ctx, list)
}

// requestConfigs sends one DescribeConfigs request for many topics.
func (c *Cluster) requestConfigs(ctx context.Context, names []string) (map[string]configResult, error) {
	out := make(map[string]configResult, len(names))
	if len(names) == 0 {
		return out, nil
	}
	req := kmsg.NewPtrDescribeConfigsRequest()
	for _, n := range names {
		r := kmsg.NewDescribeConfigsRequestResource()
		r.ResourceType = kmsg.ConfigResourceTypeTopic
		r.ResourceName = n
		req.Resources = append(req.Resources, r)
	}
	resp, err := req.RequestWith(ctx, c.cl)
	if err != nil {
		return nil, err
	}
	for _, r := range resp.Resources {
		if err := codeErr(r.ErrorCode, r.ErrorMessage); err != nil {
			out[r.ResourceName] = configResult{err: err}
			continue
		}
		cfg := make(map[string]ConfigEntry, len(r.Configs))
		for _, e := range r.Configs {
			ce := ConfigEntry{Source: e.Source, Sensitive: e.IsSensitive, ReadOnly: e.ReadOnly, Type: e.ConfigType}
			if e.Value != nil {
				ce.Value = *e.Value
			}
			cfg[e.Name] = ce
		}
		out[r.ResourceName] = configResult{config: cfg}
	}
	return out, nil
}

// CreateSpec describes a topic to create. With Assignment set, Partitions and
// ReplicationFactor are taken from it.
type CreateSpec struct {
	Name              string
	Partitions        int32
	ReplicationFactor int16
	Config            map[string]string
	Assignment        map[int32][]int32
}

// ValidateCreate asks the cluster whether it would create the topic, without
// creating it: the broker checks names, counts and every config key and value.
func (c *Cluster) ValidateCreate(ctx context.Context, spec CreateSpec) error {
	return Retry(ctx, func(ctx context.Context) error {
		perr, err := c.validates.get(ctx, spec.Name, spec)
		if err != nil {
			return err
		}
		return perr
	})
}

// CreateTopic creates a topic and waits until every partition has a leader.
func (c *Cluster) CreateTopic(ctx context.Context, spec CreateSpec) (*Topic, error) {
	c.topics.markStale(spec.Name)
	attempts := 0
	err := Retry(ctx, func(ctx context.Context) error {
		attempts++
		perr, err := c.creates.get(ctx, spec.Name, spec)
		if err != nil {
			return err
		}
		// An earlier attempt that timed out may have created the topic.
		if attempts > 1 && errors.Is(perr, kerr.TopicAlreadyExists) {
			return nil
		}
		return perr
	})
	if err != nil {
		return nil, err
	}
	return c.waitLeaders(ctx, spec.Name, 1)
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
// has a leader: from then on it serves produce and fetch.
func (c *Cluster) waitLeaders(ctx context.Context, name string, n int) (*Topic, error) {
	return c.waitTopic(ctx, name, func(t *Topic) bool {
		if t == nil || len(t.Partitions) < n {
			return false
		}
		for _, p := range t.Partitions {
			if p.Leader < 0 {
				return false
			}
		}
		return true
	})
}

func (c *Cluster) createTopics(ctx context.Context, specs map[string]CreateSpec, validateOnly bool) (map[string]error, error) {
	req := kmsg.NewPtrCreateTopicsRequest()
	req.ValidateOnly = validateOnly
	req.TimeoutMillis = int32(c.cfg.timeout() / time.Millisecond)
	for _, s := range specs {
		rt := kmsg.NewCreateTopicsRequestTopic()
		rt.Topic = s.Name
		rt.NumPartitions = s.Partitions
		rt.ReplicationFactor = s.ReplicationFactor
		if len(s.Assignment) > 0 {
			rt.NumPartitions, rt.ReplicationFactor = -1, -1
			ids := make([]int32, 0, len(s.Assignment))
			for p := range s.Assignment {
				ids = append(ids, p)
			}
			sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
			for _, p := range ids {
				ra := kmsg.NewCreateTopicsRequestTopicReplicaAssignment()
				ra.Partition = p
				ra.Replicas = s.Assignment[p]
				rt.ReplicaAssignment = append(rt.ReplicaAssignment, ra)
			}
		}
		keys := make([]string, 0, len(s.Config))
		for k := range s.Config {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			rc := kmsg.NewCreateTopicsRequestTopicConfig()
			rc.Name = k
			rc.Value = kmsg.StringPtr(s.Config[k])
			rt.Configs = append(rt.Configs, rc)
		}
		req.Topics = append(req.Topics, rt)
	}
	resp, err := req.RequestWith(ctx, c.cl)
	if err != nil {
		return nil, err
	}
	out := make(map[string]error, len(specs))
	for _, t := range resp.Topics {
		out[t.Topic] = codeErr(t.ErrorCode, t.ErrorMessage)
	}
	return out, nil
}

// DeleteTopic deletes a topic and waits until the cluster no longer lists it.
func (c *Cluster) DeleteTopic(ctx context.Context, name string) error {
	c.topics.markStale(name)
	err := Retry(ctx, func(ctx context.Context) error {
		perr, err := c.deletes.get(ctx, name, struct{}{})
		if err != nil {
			return err
		}
		return perr
	})
	if err != nil && !errors.Is(err, kerr.UnknownTopicOrPartition) {
		return err
	}
	_, err = c.waitTopic(ctx, name, func(t *Topic) bool { return t == nil })
	return err
}

func (c *Cluster) deleteTopics(ctx context.Context, names map[string]struct{}) (map[string]error, error) {
	req := kmsg.NewPtrDeleteTopicsRequest()
	req.TimeoutMillis = int32(c.cfg.timeout() / time.Millisecond)
	for n := range names {
		req.TopicNames = append(req.TopicNames, n)
		rt := kmsg.NewDeleteTopicsRequestTopic()
		rt.Topic = kmsg.StringPtr(n)
		req.Topics = append(req.Topics, rt)
	}
	resp, err := req.RequestWith(ctx, c.cl)
	if err != nil {
		return nil, err
	}
	out := make(map[string]error, len(names))
	for _, t := range resp.Topics {
		if t.Topic != nil {
			out[*t.Topic] = codeErr(t.ErrorCode, t.ErrorMessage)
		}
	}
	return out, nil
}

// RecordCount returns how many records the topic holds: the sum over its
// partitions of end offset minus start offset.
func (c *Cluster) RecordCount(ctx context.Context, name string) (int64, error) {
	var n int64
	err := Retry(ctx, func(ctx context.Context) error {
		r, err := c.offsets.get(ctx, name, struct{}{})
		if err != nil {
			return err
		}
		n = r.records
		return r.err
	})
	return n, err
}

func (c *Cluster) countRecords(ctx context.Context, names map[string]struct{}) (map[string]recordsResult, error) {
	list := make([]string, 0, len(names))
	for n := range names {
		list = append(list, n)
	}
	starts, err := c.adm.ListStartOffsets(ctx, list...)
	if err != nil {
		return nil, err
	}
	ends, err := c.adm.ListEndOffsets(ctx, list...)
	if err != nil {
		return nil, err
	}
	out := make(map[string]recordsResult, len(list))
	for _, n := range list {
		var r recordsResult
		for p, end := range ends[n] {
			start := starts[n][p]
			if end.Err != nil || start.Err != nil {
				r.err = errors.Join(end.Err, start.Err)
				break
			}
			if end.Offset > start.Offset {
				r.records += end.Offset - start.Offset
			}
		}
		out[n] = r
	}
	return out, nil
}

// ConfigChange is one incremental config operation: Delete resets the key to
// its default, otherwise Value is set.
type ConfigChange struct {
	Key    string
	Value  string
	Delete bool
}

// AlterTopicConfig applies incremental changes (never a full replace, so
// keys the provider does not manage are left alone). With validateOnly the
// broker checks the changes without applying them.
func (c *Cluster) AlterTopicConfig(ctx context.Context, name string, changes []ConfigChange, validateOnly bool) error {
	if len(changes) == 0 {
		return nil
	}
	ops := make([]kadm.AlterConfig, 0, len(changes))
	for _, ch := range changes {
		if ch.Delete {
			ops = append(ops, kadm.AlterConfig{Op: kadm.DeleteConfig, Name: ch.Key})
		} else {
			v := ch.Value
			ops = append(ops, kadm.AlterConfig{Op: kadm.SetConfig, Name: ch.Key, Value: &v})
		}
	}
	if !validateOnly {
		c.topics.markStale(name)
	}
	return Retry(ctx, func(ctx context.Context) error {
		alter := c.adm.AlterTopicConfigs
		if validateOnly {
			alter = c.adm.ValidateAlterTopicConfigs
		}
		rs, err := alter(ctx, ops, name)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if r.Err != nil {
				return withDetail(r.Err, r.ErrMessage)
			}
		}
		return nil
	})
}

// AddPartitions raises the partition count to total and waits for leaders.
func (c *Cluster) AddPartitions(ctx context.Context, name string, total int) (*Topic, error) {
	c.topics.markStale(name)
	err := Retry(ctx, func(ctx context.Context) error {
		rs, err := c.adm.UpdatePartitions(ctx, total, name)
		if err != nil {
			return err
		}
		r, err := rs.On(name, nil)
		if err != nil {
			return err
		}
		return withDetail(r.Err, r.ErrMessage)
	})
	if err != nil {
		return nil, err
	}
	return c.waitLeaders(ctx, name, total)
}

// Reassign moves partitions to new replica lists and waits until the cluster
// has finished: no reassignment in flight and every new replica in sync.
func (c *Cluster) Reassign(ctx context.Context, name string, assignment map[int32][]int32) (*Topic, error) {
	c.topics.markStale(name)
	req := kadm.AlterPartitionAssignmentsReq{}
	for p, rs := range assignment {
		req.Assign(name, p, rs)
	}
	err := Retry(ctx, func(ctx context.Context) error {
		rs, err := c.adm.AlterPartitionAssignments(ctx, req)
		if err != nil {
			return err
		}
		for _, pr := range rs[name] {
			if pr.Err != nil {
				return withDetail(pr.Err, pr.ErrMessage)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	pending := fmt.Sprintf("reassignment of topic %q still running when the timeout ended; it continues on the cluster", name)
	err = poll(ctx, 100*time.Millisecond, pending, func(ctx context.Context) (bool, error) {
		ls, err := c.adm.ListPartitionReassignments(ctx, kadm.TopicsSet{name: nil})
		return err == nil && len(ls[name]) == 0, err
	})
	if err != nil {
		return nil, err
	}
	return c.waitTopic(ctx, name, func(t *Topic) bool {
		if t == nil {
			return false
		}
		for _, p := range t.Partitions {
			want := assignment[p.ID]
			if want != nil && (!sameSet(p.Replicas, want) || !sameSet(p.ISR, want)) {
				return false
			}
		}
		return true
	})
}

// topicID formats a topic UUID the way Kafka's tools print it (URL-safe
// base64 without padding), so users can compare it with kafka-topics output.
func topicID(id [16]byte) string {
	return base64.RawURLEncoding.EncodeToString(id[:])
}

func sameSet(a, b []int32) bool {
	if len(a) != len(b) {
		return false
	}
	m := make(map[int32]bool, len(a))
	for _, x := range a {
		m[x] = true
	}
	for _, x := range b {
		if !m[x] {
			return false
		}
	}
	return true
}

// EndOffsets returns the end offset of every partition of the topics that
// exist, by topic and partition.
func (c *Cluster) EndOffsets(ctx context.Context, topics ...string) (map[string]map[int32]int64, error) {
	out := map[string]map[int32]int64{}
	if len(topics) == 0 {
		return out, nil
	}
	err := Retry(ctx, func(ctx context.Context) error {
		ends, err := c.adm.ListEndOffsets(ctx, topics...)
		if err != nil {
			return err
		}
		for t, ps := range ends {
			for p, o := range ps {
				if o.Err != nil {
					continue
				}
				if out[t] == nil {
					out[t] = map[int32]int64{}
				}
				out[t][p] = o.Offset
			}
		}
		return nil
	})
	return out, err
}

// AddPartitionsPlaced raises the partition count to total, placing each new
// partition on the replicas assignment gives it, and waits for leaders.
func (c *Cluster) AddPartitionsPlaced(ctx context.Context, name string, total int, assignment map[int32][]int32) (*Topic, error) {
	c.topics.markStale(name)
	err := Retry(ctx, func(ctx context.Context) error {
		req := kmsg.NewPtrCreatePartitionsRequest()
		req.TimeoutMillis = int32(c.cfg.timeout() / time.Millisecond)
		rt := kmsg.NewCreatePartitionsRequestTopic()
		rt.Topic, rt.Count = name, int32(total)
		ids := make([]int32, 0, len(assignment))
		for p := range assignment {
			ids = append(ids, p)
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		for _, p := range ids {
			a := kmsg.NewCreatePartitionsRequestTopicAssignment()
			a.Replicas = assignment[p]
			rt.Assignment = append(rt.Assignment, a)
		}
		req.Topics = append(req.Topics, rt)
		resp, err := req.RequestWith(ctx, c.cl)
		if err != nil {
			return err
		}
		for _, t := range resp.Topics {
			if err := codeErr(t.ErrorCode, t.ErrorMessage); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c.waitLeaders(ctx, name, total)
}

// Place moves partitions to the replica lists of assignment, waits until
// the cluster has finished, and makes each list's first replica the leader.
func (c *Cluster) Place(ctx context.Context, name string, assignment map[int32][]int32) (*Topic, error) {
	if _, err := c.Reassign(ctx, name, assignment); err != nil {
		return nil, err
	}
	ids := make([]int32, 0, len(assignment))
	for p := range assignment {
		ids = append(ids, p)
	}
	if err := c.ElectPreferredLeaders(ctx, name, ids); err != nil {
		return nil, err
	}
	return c.FreshTopic(ctx, name)
}

// ElectPreferredLeaders moves leadership of the partitions to their first
// replica, where that is not already the case.
func (c *Cluster) ElectPreferredLeaders(ctx context.Context, name string, partitions []int32) error {
	c.topics.markStale(name)
	set := kadm.TopicsSet{}
	set.Add(name, partitions...)
	return Retry(ctx, func(ctx context.Context) error {
		rs, err := c.adm.ElectLeaders(ctx, kadm.ElectPreferredReplica, set)
		if err != nil {
			return err
		}
		for _, ps := range rs {
			for _, r := range ps {
				if r.Err != nil && !errors.Is(r.Err, kerr.ElectionNotNeeded) {
					return r.Err
				}
			}
		}
		return nil
	})
}
