// Package placement decides where partition replicas live. It is pure logic:
// no Terraform, no network.
package placement

import (
	"fmt"
	"sort"
)

// Broker is a broker as placement sees it.
type Broker struct {
	ID   int32
	Rack string
}

// ChangeReplicationFactor returns a new assignment with rf replicas per
// partition. Existing replicas stay where they are (so little data moves and
// the preferred leader, the first replica, is kept); added replicas go to the
// rack with the fewest replicas of that partition, then to the broker with the
// fewest replicas of the topic; removed replicas come from the most crowded
// rack, never the preferred leader. Only partitions whose replica count
// changes appear in the result.
func ChangeReplicationFactor(current map[int32][]int32, brokers []Broker, rf int) (map[int32][]int32, error) {
	if rf < 1 {
		return nil, fmt.Errorf("replication factor must be at least 1, got %d", rf)
	}
	if rf > len(brokers) {
		return nil, fmt.Errorf("replication factor %d is larger than the %d live brokers", rf, len(brokers))
	}
	rack := make(map[int32]string, len(brokers))
	for _, b := range brokers {
		rack[b.ID] = b.Rack
	}
	load := map[int32]int{}
	for _, rs := range current {
		for _, b := range rs {
			load[b]++
		}
	}
	ids := make([]int32, 0, len(current))
	for p := range current {
		ids = append(ids, p)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })

	out := map[int32][]int32{}
	for _, p := range ids {
		rs := append([]int32(nil), current[p]...)
		if len(rs) == rf {
			continue
		}
		for len(rs) < rf {
			b := pickAdd(rs, brokers, rack, load)
			rs = append(rs, b)
			load[b]++
		}
		for len(rs) > rf {
			i := pickRemove(rs, rack, load)
			load[rs[i]]--
			rs = append(rs[:i], rs[i+1:]...)
		}
		out[p] = rs
	}
	return out, nil
}

func rackCounts(rs []int32, rack map[int32]string) map[string]int {
	n := map[string]int{}
	for _, b := range rs {
		n[rack[b]]++
	}
	return n
}

func pickAdd(rs []int32, brokers []Broker, rack map[int32]string, load map[int32]int) int32 {
	in := map[int32]bool{}
	for _, b := range rs {
		in[b] = true
	}
	perRack := rackCounts(rs, rack)
	best := int32(-1)
	for _, b := range brokers {
		if in[b.ID] {
			continue
		}
		if best < 0 || less(perRack[b.Rack], load[b.ID], b.ID, perRack[rack[best]], load[best], best) {
			best = b.ID
		}
	}
	return best
}

// less orders candidates by rack crowding, then broker load, then id.
func less(r1, l1 int, id1 int32, r2, l2 int, id2 int32) bool {
	if r1 != r2 {
		return r1 < r2
	}
	if l1 != l2 {
		return l1 < l2
	}
	return id1 < id2
}

func pickRemove(rs []int32, rack map[int32]string, load map[int32]int) int {
	perRack := rackCounts(rs, rack)
	best := -1
	for i := 1; i < len(rs); i++ { // index 0 is the preferred leader
		if best < 0 || less(perRack[rack[rs[best]]], load[rs[best]], rs[best], perRack[rack[rs[i]]], load[rs[i]], rs[i]) {
			best = i
		}
	}
	return best
}
