package main

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
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
	cl, err := kgo.NewClient(kgo.SeedBrokers(d.servers[cluster]))
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

// waitCopied waits until every record acknowledged on from is on to.
func (d *drill) waitCopied(from, to string, limit time.Duration) (float64, error) {
	began := time.Now()
	for {
		on, err := d.readAll(to)
		if err != nil {
			return 0, err
		}
		d.mu.Lock()
		left := len(missing(d.acked[from], on))
		d.mu.Unlock()
		if left == 0 {
			s := time.Since(began).Seconds()
			d.logf("every record written on %s is on %s (%.1fs)", from, to, s)
			return s, nil
		}
		if time.Since(began) > limit {
			return 0, fmt.Errorf("%d records written on %s still missing on %s after %s", left, from, to, limit)
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
