package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// waitConsumed waits until the consumer group has read a record of this
// drill (it has joined and been assigned the partitions).
func (d *drill) waitConsumed(limit time.Duration) error {
	for began := time.Now(); time.Since(began) < limit; time.Sleep(200 * time.Millisecond) {
		d.mu.Lock()
		n := len(d.seen)
		d.mu.Unlock()
		if n > 0 {
			return nil
		}
	}
	return fmt.Errorf("the consumer group read nothing within %s", limit)
}

// groupBehind returns how many records the group's committed offsets on the
// cluster are behind the end of the topic (-1 when it has none).
func (d *drill) groupBehind(cluster string) int64 {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cl, err := kgo.NewClient(d.plain(cluster)...)
	if err != nil {
		return -1
	}
	defer cl.Close()
	adm := kadm.NewClient(cl)
	committed, err := adm.FetchOffsetsForTopics(ctx, group, topic)
	if err != nil {
		return -1
	}
	ends, err := adm.ListEndOffsets(ctx, topic)
	if err != nil {
		return -1
	}
	var behind int64
	found := false
	ends.Each(func(e kadm.ListedOffset) {
		c, ok := committed.Lookup(topic, e.Partition)
		if ok && c.At >= 0 {
			found = true
			behind += e.Offset - c.At
		} else {
			behind += e.Offset
		}
	})
	if !found {
		return -1
	}
	d.logf("group %s on %s: committed offsets %d records behind the end", group, cluster, behind)
	return behind
}

// waitGroupSynced waits until the link has moved the group's committed
// offsets on the cluster within slack records of the end of the topic.
func (d *drill) waitGroupSynced(cluster string, slack int64, limit time.Duration) (float64, error) {
	began := time.Now()
	for {
		b := d.groupBehind(cluster)
		if b >= 0 && b <= slack {
			return time.Since(began).Seconds(), nil
		}
		if time.Since(began) > limit {
			return 0, fmt.Errorf("group %s on %s still %d records behind after %s", group, cluster, b, limit)
		}
		time.Sleep(2 * time.Second)
	}
}

// waitCopied waits until every record acknowledged on from is in the topic
// on to.
func (d *drill) waitCopied(from, to, topic string, limit time.Duration) (float64, error) {
	d.mu.Lock()
	want := slices.Clone(d.acked[from])
	d.mu.Unlock()
	s, err := d.waitFor(want, to, topic, limit)
	if err == nil {
		d.logf("every record written on %s is in %s on %s (%.1fs)", from, topic, to, s)
	}
	return s, err
}

// waitFor waits until every record of want is in the topic on the cluster.
func (d *drill) waitFor(want []int, cluster, topic string, limit time.Duration) (float64, error) {
	began := time.Now()
	for {
		on, err := d.readAll(cluster, topic)
		if err != nil {
			return 0, err
		}
		left := len(missing(want, on))
		if left == 0 {
			return time.Since(began).Seconds(), nil
		}
		if time.Since(began) > limit {
			return 0, fmt.Errorf("%d records still missing in %s on %s after %s", left, topic, cluster, limit)
		}
		time.Sleep(time.Second)
	}
}

// duplicates counts records the consumer saw more than once; callers hold mu.
func (d *drill) duplicates() int {
	n := 0
	for _, c := range d.seen {
		n += c - 1
	}
	return n
}

// missing returns the sequence numbers of want that are not in have.
func missing(want []int, have map[int]int) []int {
	var out []int
	for _, n := range want {
		if have[n] == 0 {
			out = append(out, n)
		}
	}
	sort.Ints(out)
	return out
}

// deleteGroup deletes the drill's consumer group if it exists. On a lab
// started from empty data no group coordinator is ready until Kafka has
// created its offsets topic (COORDINATOR_NOT_AVAILABLE), so retriable
// errors are tried again until ctx ends.
func deleteGroup(ctx context.Context, adm *kadm.Client) error {
	for {
		res, err := adm.DeleteGroups(ctx, group)
		if err == nil {
			if err = res.Error(); errors.Is(err, kerr.GroupIDNotFound) {
				err = nil
			}
		}
		if err == nil || !kerr.IsRetriable(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// forgetEarlierRuns deletes what an earlier drill's links left on the two
// clusters, which would otherwise apply to this run's topics of the same
// names: MirrorMaker's offset syncs and checkpoints (mapping offsets of the
// deleted topics), and the consumer group's committed offsets.
func (d *drill) forgetEarlierRuns() error {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for _, c := range []string{"us-east", "eu-west"} {
		cl, err := kgo.NewClient(d.plain(c)...)
		if err != nil {
			return err
		}
		adm := kadm.NewClient(cl)
		names, err := adm.ListTopics(ctx)
		if err == nil {
			var stale []string
			for _, t := range names.Names() {
				if strings.HasPrefix(t, "mm2-offset-syncs.") || strings.HasSuffix(t, ".checkpoints.internal") {
					stale = append(stale, t)
				}
			}
			if len(stale) > 0 {
				var res kadm.DeleteTopicResponses
				if res, err = adm.DeleteTopics(ctx, stale...); err == nil {
					err = res.Error()
				}
			}
		}
		if err == nil {
			err = deleteGroup(ctx, adm)
		}
		cl.Close()
		if err != nil {
			return fmt.Errorf("clearing what earlier drills left on %s: %w", c, err)
		}
	}
	return nil
}
