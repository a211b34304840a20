package kafka

import (
	"context"
	"errors"
	"maps"
	"slices"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"
)

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
	return send(ctx, c.validates, spec.Name, spec)
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
	if errors.Is(err, kerr.TopicAlreadyExists) {
		return c.adoptOwn(ctx, spec, err)
	}
	if err != nil {
		return nil, err
	}
	t, err := c.waitLeaders(ctx, spec.Name, 1)
	if err != nil {
		return nil, &CreatedError{Err: err}
	}
	return t, nil
}

// adoptOwn takes a topic that already existed when it was created. The plan
// found the name free, and the client sends a request again, by itself,
// when the connection it went out on drops (a broker lost mid-apply): the
// second send then finds the topic the first one made. A topic with the
// declared partitions and replication factor is taken (its settings are
// read, and corrected, like any topic's); any other keeps the refusal.
func (c *Cluster) adoptOwn(ctx context.Context, spec CreateSpec, exists error) (*Topic, error) {
	t, err := c.waitLeaders(ctx, spec.Name, 1)
	if err != nil {
		return nil, exists
	}
	partitions, rf := int(spec.Partitions), int(spec.ReplicationFactor)
	if len(spec.Assignment) > 0 {
		partitions, rf = len(spec.Assignment), len(spec.Assignment[0])
	}
	if len(t.Partitions) != partitions || t.ReplicationFactor() != rf {
		return nil, exists
	}
	return t, nil
}

// CreatedError is a failure after the cluster created the topic.
type CreatedError struct{ Err error }

func (e *CreatedError) Error() string { return "the topic was created, then: " + e.Err.Error() }
func (e *CreatedError) Unwrap() error { return e.Err }

// MayExist reports whether a create that failed with err may have created
// the topic all the same: it did (CreatedError), or the request's outcome is
// unknown (a deadline, a dropped connection, a retriable Kafka error). A
// Kafka error that refuses the request says it did not.
func MayExist(err error) bool {
	if _, ok := errors.AsType[*CreatedError](err); ok {
		return true
	}
	if le, ok := errors.AsType[*LayoutError](err); ok && le.Step == StepDescribe {
		return false // failed before the create was sent
	}
	if ke, ok := errors.AsType[*kerr.Error](err); ok {
		return ke.Retriable || ke == kerr.RequestTimedOut
	}
	return true
}

func (c *Cluster) createTopics(ctx context.Context, specs map[string]CreateSpec, validateOnly bool) (map[string]error, error) {
	req := kmsg.NewPtrCreateTopicsRequest()
	req.ValidateOnly = validateOnly
	req.TimeoutMillis = int32(c.cfg.serverTimeout() / time.Millisecond)
	for _, s := range specs {
		rt := kmsg.NewCreateTopicsRequestTopic()
		rt.Topic = s.Name
		rt.NumPartitions = s.Partitions
		rt.ReplicationFactor = s.ReplicationFactor
		if len(s.Assignment) > 0 {
			rt.NumPartitions, rt.ReplicationFactor = -1, -1
			for _, p := range slices.Sorted(maps.Keys(s.Assignment)) {
				ra := kmsg.NewCreateTopicsRequestTopicReplicaAssignment()
				ra.Partition = p
				ra.Replicas = s.Assignment[p]
				rt.ReplicaAssignment = append(rt.ReplicaAssignment, ra)
			}
		}
		for _, k := range slices.Sorted(maps.Keys(s.Config)) {
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
