package kafka

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"
)

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

// AddPartitionsPlaced raises the partition count to total, placing each new
// partition on the replicas assignment gives it, and waits for leaders.
func (c *Cluster) AddPartitionsPlaced(ctx context.Context, name string, total int, assignment map[int32][]int32) (*Topic, error) {
	c.topics.markStale(name)
	err := Retry(ctx, func(ctx context.Context) error {
		req := kmsg.NewPtrCreatePartitionsRequest()
		req.TimeoutMillis = int32(c.cfg.serverTimeout() / time.Millisecond)
		rt := kmsg.NewCreatePartitionsRequestTopic()
		rt.Topic, rt.Count = name, int32(total)
		for _, p := range slices.Sorted(maps.Keys(assignment)) {
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
	if err := c.electPreferredLeaders(ctx, name, ids); err != nil {
		return nil, err
	}
	return c.FreshTopic(ctx, name)
}

// electPreferredLeaders moves leadership of the partitions to their first
// replica, where that is not already the case.
func (c *Cluster) electPreferredLeaders(ctx context.Context, name string, partitions []int32) error {
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
