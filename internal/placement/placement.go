package placement

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Entry asks for Count replicas of every partition on brokers of Racks.
type Entry struct {
	Racks []string
	Count int
}

// Check returns why the entries cannot be placed on brokers with rf
// replicas, as sentences that say how to fix it, or nil.
func Check(entries []Entry, brokers []Broker, rf int) error {
	if len(entries) == 0 {
		return nil
	}
	live := map[string]int{}
	for _, b := range brokers {
		live[b.Rack]++
	}
	seen := map[string]int{}
	sum := 0
	for i, e := range entries {
		if e.Count < 1 {
			return fmt.Errorf("replica_placement[%d].count is %d; each entry places at least one replica", i, e.Count)
		}
		if len(e.Racks) == 0 {
			return fmt.Errorf("replica_placement[%d].racks is empty; list the racks (zones) of one region", i)
		}
		n := 0
		for _, r := range e.Racks {
			if j, dup := seen[r]; dup {
				return fmt.Errorf("rack %q is in replica_placement[%d] and [%d]; each rack may appear in one entry only", r, j, i)
			}
			seen[r] = i
			if live[r] == 0 {
				return fmt.Errorf("no live broker has rack %q (replica_placement[%d]); the cluster's racks are %s", r, i, strings.Join(racksOf(brokers), ", "))
			}
			n += live[r]
		}
		if e.Count > n {
			return fmt.Errorf("replica_placement[%d] asks for %d replicas on racks %s, which have only %d live brokers", i, e.Count, strings.Join(e.Racks, ", "), n)
		}
		sum += e.Count
	}
	if sum != rf {
		return fmt.Errorf("the counts of replica_placement add up to %d but replication_factor is %d; make them equal", sum, rf)
	}
	return nil
}

func racksOf(brokers []Broker) []string {
	set := map[string]bool{}
	for _, b := range brokers {
		if b.Rack != "" {
			set[b.Rack] = true
		}
	}
	out := make([]string, 0, len(set))
	for r := range set {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// candidates orders the brokers of racks so that consecutive picks alternate
// between racks: [rackA#1, rackB#1, rackA#2, ...].
func candidates(racks []string, brokers []Broker) []int32 {
	byRack := map[string][]int32{}
	for _, b := range brokers {
		byRack[b.Rack] = append(byRack[b.Rack], b.ID)
	}
	sorted := append([]string(nil), racks...)
	sort.Strings(sorted)
	for _, r := range sorted {
		sort.Slice(byRack[r], func(i, j int) bool { return byRack[r][i] < byRack[r][j] })
	}
	var out []int32
	for i := 0; ; i++ {
		added := false
		for _, r := range sorted {
			if i < len(byRack[r]) {
				out = append(out, byRack[r][i])
				added = true
			}
		}
		if !added {
			return out
		}
	}
}

// Assign places partitions (by number) according to entries, which Check
// accepted. Partition p's replicas in an entry start at position p of the
// entry's candidates and take the next Count, so replicas and leaders (the
// first entry's first replica) rotate evenly over the brokers, and a
// partition's placement depends only on its number: adding partitions never
// moves existing ones.
func Assign(entries []Entry, brokers []Broker, partitions []int32) map[int32][]int32 {
	cands := make([][]int32, len(entries))
	for i, e := range entries {
		cands[i] = candidates(e.Racks, brokers)
	}
	out := make(map[int32][]int32, len(partitions))
	for _, p := range partitions {
		var rs []int32
		for i, e := range entries {
			c := cands[i]
			for k := 0; k < e.Count; k++ {
				rs = append(rs, c[(int(p)+k)%len(c)])
			}
		}
		out[p] = rs
	}
	return out
}

// Observe reads entries back from an assignment: for each entry, the replicas
// every partition has on its racks, or -1 where partitions differ or replicas
// sit outside every entry (so a plan shows the difference).
func Observe(entries []Entry, brokers []Broker, assignment map[int32][]int32) []Entry {
	rack := map[int32]string{}
	for _, b := range brokers {
		rack[b.ID] = b.Rack
	}
	entryOf := map[string]int{}
	for i, e := range entries {
		for _, r := range e.Racks {
			entryOf[r] = i
		}
	}
	out := make([]Entry, len(entries))
	for i, e := range entries {
		out[i] = Entry{Racks: e.Racks, Count: -2}
	}
	for _, rs := range assignment {
		counts := make([]int, len(entries))
		outside := false
		for _, b := range rs {
			if i, ok := entryOf[rack[b]]; ok {
				counts[i]++
			} else {
				outside = true
			}
		}
		for i := range out {
			switch {
			case outside:
				out[i].Count = -1
			case out[i].Count == -2:
				out[i].Count = counts[i]
			case out[i].Count != counts[i]:
				out[i].Count = -1
			}
		}
	}
	for i := range out {
		if out[i].Count == -2 {
			out[i].Count = entries[i].Count // no partitions: nothing to contradict
		}
	}
	return out
}

// Region is one region of a geo-partitioned topic.
type Region struct {
	Racks             []string
	Partitions        int
	ReplicationFactor int
}

// GrowLayout extends a partition → region layout (existing, by partition
// number) so that every region has its planned number of partitions: new
// partitions are appended, regions in name order. It refuses to shrink or
// drop a region: Kafka cannot remove partitions.
func GrowLayout(existing []string, regions map[string]Region) ([]string, error) {
	have := map[string]int{}
	for _, r := range existing {
		have[r]++
	}
	for r, n := range have {
		reg, ok := regions[r]
		if !ok {
			return nil, fmt.Errorf("region %q holds %d partitions and cannot be removed: Kafka cannot delete partitions. Keep the region, or move its data to a new topic", r, n)
		}
		if reg.Partitions < n {
			return nil, fmt.Errorf("region %q has %d partitions and the configuration asks for %d: Kafka cannot remove partitions. Set partitions back to %d", r, n, reg.Partitions, n)
		}
	}
	names := make([]string, 0, len(regions))
	for r := range regions {
		names = append(names, r)
	}
	sort.Strings(names)
	out := append([]string(nil), existing...)
	for _, r := range names {
		for i := have[r]; i < regions[r].Partitions; i++ {
			out = append(out, r)
		}
	}
	return out, nil
}

// AssignRegions places every partition of a layout on its region's racks:
// partitions of a region rotate over its brokers by their index within the
// region, so each region stays balanced on its own.
func AssignRegions(layout []string, regions map[string]Region, brokers []Broker, partitions []int32) map[int32][]int32 {
	index := make([]int, len(layout))
	seen := map[string]int{}
	for p, r := range layout {
		index[p] = seen[r]
		seen[r]++
	}
	out := make(map[int32][]int32, len(partitions))
	for _, p := range partitions {
		reg := regions[layout[p]]
		i := int32(index[p])
		out[p] = Assign([]Entry{{Racks: reg.Racks, Count: reg.ReplicationFactor}}, brokers, []int32{i})[i]
	}
	return out
}

// RegionOfRack guesses the region of a zone name by dropping its zone letter
// ("eu-west-1a" → "eu-west-1"), for imports.
func RegionOfRack(rack string) string {
	return strings.TrimRightFunc(rack, func(r rune) bool { return r >= 'a' && r <= 'z' })
}

// Uniform returns an assignment whose partitions all have n replicas, as
// Kafka requires when partitions are created: lists longer than n are cut,
// shorter ones are padded with other brokers. The caller reassigns the
// partitions that differ from want right after, before they hold data.
func Uniform(want map[int32][]int32, n int, brokers []Broker) map[int32][]int32 {
	out := make(map[int32][]int32, len(want))
	for p, rs := range want {
		if len(rs) >= n {
			out[p] = append([]int32(nil), rs[:n]...)
			continue
		}
		padded := append([]int32(nil), rs...)
		for _, b := range brokers {
			if len(padded) == n {
				break
			}
			if !slices.Contains(padded, b.ID) {
				padded = append(padded, b.ID)
			}
		}
		out[p] = padded
	}
	return out
}
