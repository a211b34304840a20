package kafka

import (
	"context"
	"fmt"
	"reflect"
	"slices"

	"github.com/twmb/franz-go/pkg/kerr"

	"github.com/geokafka/terraform-provider-geokafka/internal/placement"
)

// PlacementBrokers returns the brokers as placement sees them.
func (ci ClusterInfo) PlacementBrokers() []placement.Broker {
	out := make([]placement.Broker, 0, len(ci.Brokers))
	for _, b := range ci.Brokers {
		out = append(out, placement.Broker{ID: b.ID, Rack: b.Rack})
	}
	return out
}

// Replicas returns the replica list of every partition, by partition.
func (t *Topic) Replicas() map[int32][]int32 {
	out := make(map[int32][]int32, len(t.Partitions))
	for _, p := range t.Partitions {
		out[p.ID] = p.Replicas
	}
	return out
}

// LayoutStep is a step of laying out a topic's partitions and replicas.
type LayoutStep int

// The steps, in the order they run.
const (
	StepDescribe          LayoutStep = iota + 1 // reading the live brokers
	StepCreate                                  // creating the topic
	StepAddPartitions                           // adding partitions
	StepPlace                                   // reassigning replicas to a placement, electing preferred leaders
	StepReplicationFactor                       // reassigning replicas to another count
)

// LayoutError is a step that failed, so that callers can say what was being
// done; Err is the error of the Kafka call.
type LayoutError struct {
	Step LayoutStep
	Err  error
}

func (e *LayoutError) Error() string { return e.Err.Error() }

func (e *LayoutError) Unwrap() error { return e.Err }

func layoutErr(step LayoutStep, err error) error {
	if err == nil {
		return nil
	}
	return &LayoutError{Step: step, Err: err}
}

// Layout is a topic's partitions and replicas. With Placement, every
// partition's replicas go where placement.Assign puts them; without it Kafka
// places them.
type Layout struct {
	Partitions        int
	ReplicationFactor int
	Placement         []placement.Entry
}

// Spec is the CreateSpec of topic name laid out as l on brokers.
func (l Layout) Spec(name string, config map[string]string, brokers []placement.Broker) CreateSpec {
	spec := CreateSpec{Name: name, Partitions: int32(l.Partitions), ReplicationFactor: int16(l.ReplicationFactor), Config: config}
	if len(l.Placement) > 0 {
		spec.Assignment = placement.Assign(l.Placement, brokers, placement.Range(0, l.Partitions))
	}
	return spec
}

// CreateLaidOut creates topic name laid out as l. Errors are *LayoutError.
func (c *Cluster) CreateLaidOut(ctx context.Context, name string, config map[string]string, l Layout) (*Topic, error) {
	var brokers []placement.Broker
	if len(l.Placement) > 0 {
		info, err := c.FreshInfo(ctx)
		if err != nil {
			return nil, layoutErr(StepDescribe, err)
		}
		brokers = info.PlacementBrokers()
	}
	t, err := c.CreateTopic(ctx, l.Spec(name, config, brokers))
	if err != nil {
		return nil, layoutErr(StepCreate, err)
	}
	return t, nil
}

// Relayout moves topic name from layout from to layout to: it adds
// partitions, then reassigns every partition to to's placement when that or
// the replication factor changed or, without a placement, changes the
// replication factor, and waits until the cluster has moved the data.
// Errors are *LayoutError.
func (c *Cluster) Relayout(ctx context.Context, name string, from, to Layout) error {
	var brokers []placement.Broker
	if len(to.Placement) > 0 {
		info, err := c.FreshInfo(ctx)
		if err != nil {
			return layoutErr(StepDescribe, err)
		}
		brokers = info.PlacementBrokers()
	}
	if to.Partitions > from.Partitions {
		var err error
		if len(to.Placement) > 0 {
			_, err = c.AddPartitionsPlaced(ctx, name, to.Partitions, placement.Assign(to.Placement, brokers, placement.Range(from.Partitions, to.Partitions)))
		} else {
			_, err = c.AddPartitions(ctx, name, to.Partitions)
		}
		if err != nil {
			return layoutErr(StepAddPartitions, err)
		}
	}
	rfChanged := to.ReplicationFactor != from.ReplicationFactor
	switch {
	case len(to.Placement) > 0 && (rfChanged || !reflect.DeepEqual(from.Placement, to.Placement)):
		_, err := c.Place(ctx, name, placement.Assign(to.Placement, brokers, placement.Range(0, to.Partitions)))
		return layoutErr(StepPlace, err)
	case rfChanged:
		return layoutErr(StepReplicationFactor, c.ChangeReplicationFactor(ctx, name, to.ReplicationFactor))
	}
	return nil
}

// ChangeReplicationFactor reassigns every partition of topic name to rf
// replicas, keeping the existing ones (placement.ChangeReplicationFactor),
// and waits until the cluster has moved the data.
func (c *Cluster) ChangeReplicationFactor(ctx context.Context, name string, rf int) error {
	t, err := c.FreshTopic(ctx, name)
	if err != nil {
		return err
	}
	if t == nil {
		return kerr.UnknownTopicOrPartition
	}
	info, err := c.FreshInfo(ctx)
	if err != nil {
		return err
	}
	assignment, err := placement.ChangeReplicationFactor(t.Replicas(), info.PlacementBrokers(), rf)
	if err != nil {
		return err
	}
	_, err = c.Reassign(ctx, name, assignment)
	return err
}

// CreateRegionalTopic creates a geo-partitioned topic: partition p in region
// layout[p], on that region's racks. Errors are *LayoutError.
func (c *Cluster) CreateRegionalTopic(ctx context.Context, name string, config map[string]string, layout []string,
	regions map[string]placement.Region) (*Topic, error) {
	info, err := c.FreshInfo(ctx)
	if err != nil {
		return nil, layoutErr(StepDescribe, err)
	}
	initial, want := placement.CreateRegions(layout, regions, info.PlacementBrokers())
	t, err := c.CreateTopic(ctx, CreateSpec{Name: name, Config: config, Assignment: initial})
	if err == nil {
		if t, err = c.settle(ctx, name, initial, want); err != nil {
			err = &CreatedError{Err: err}
		}
	}
	if err != nil {
		return nil, layoutErr(StepCreate, err)
	}
	return t, nil
}

// RelayoutRegions moves a geo-partitioned topic from (fromLayout, from) to
// (toLayout, to): it appends the new partitions on their regions' racks and
// moves the partitions of regions whose racks or replication factor changed.
// Errors are *LayoutError.
func (c *Cluster) RelayoutRegions(ctx context.Context, name string, fromLayout, toLayout []string, from, to map[string]placement.Region) error {
	info, err := c.FreshInfo(ctx)
	if err != nil {
		return layoutErr(StepDescribe, err)
	}
	brokers := info.PlacementBrokers()
	added, moved := placement.RegionChanges(fromLayout, toLayout, from, to, brokers)
	if len(added) > 0 {
		if err := c.addRegionalPartitions(ctx, name, len(toLayout), added, brokers); err != nil {
			return layoutErr(StepAddPartitions, err)
		}
	}
	if len(moved) > 0 {
		if _, err := c.Place(ctx, name, moved); err != nil {
			return layoutErr(StepPlace, err)
		}
	}
	return nil
}

// addRegionalPartitions raises the partition count to total. Kafka adds
// partitions with the replica count the topic has, so the added ones whose
// region has another are reassigned right after.
func (c *Cluster) addRegionalPartitions(ctx context.Context, name string, total int, added map[int32][]int32, brokers []placement.Broker) error {
	t, err := c.FreshTopic(ctx, name)
	if err == nil && (t == nil || len(t.Partitions) == 0) {
		err = fmt.Errorf("topic %q has no partitions", name)
	}
	if err != nil {
		return err
	}
	initial := placement.Uniform(added, len(t.Partitions[0].Replicas), brokers)
	if _, err := c.AddPartitionsPlaced(ctx, name, total, initial); err != nil {
		return err
	}
	_, err = c.settle(ctx, name, initial, added)
	return err
}

// settle reassigns the partitions created with a placeholder replica list
// (initial) to the replicas they belong on (want), and elects their
// preferred leaders.
func (c *Cluster) settle(ctx context.Context, name string, initial, want map[int32][]int32) (*Topic, error) {
	moved := map[int32][]int32{}
	for p, rs := range want {
		if !slices.Equal(initial[p], rs) {
			moved[p] = rs
		}
	}
	if len(moved) == 0 {
		return c.FreshTopic(ctx, name)
	}
	return c.Place(ctx, name, moved)
}
