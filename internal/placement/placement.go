package placement

import (
	"reflect"
	"slices"
	"sort"
	"strings"
)

// Entry asks for Count replicas of every partition on brokers of Racks.
type Entry struct {
	Racks []string
	Count int
}

// replicaPlacement is the attribute that holds the entries.
var replicaPlacement = Path{Attr("replica_placement")}

// Validate returns why the entries are wrong whatever the brokers, as a
// *FieldError, or nil: it needs no call to the cluster, so it runs first.
func Validate(entries []Entry, rf int) error {
	seen := map[string]int{}
	sum := 0
	for i, e := range entries {
		at := replicaPlacement.At(Index(i))
		if e.Count < 1 {
			return fieldErr(at.At(Attr("count")), "%s is %d; each entry places at least one replica", at.At(Attr("count")), e.Count)
		}
		if len(e.Racks) == 0 {
			return fieldErr(at.At(Attr("racks")), "%s is empty; list the racks (zones) of one region", at.At(Attr("racks")))
		}
		for j, r := range e.Racks {
			rack := at.At(Attr("racks"), Index(j))
			switch k, dup := seen[r]; {
			case dup && k == i:
				return fieldErr(rack, "rack %q is listed twice in replica_placement[%d]; list each rack once", r, i)
			case dup:
				return fieldErr(rack, "rack %q is in replica_placement[%d] and [%d]; each rack may appear in one entry only", r, k, i)
			}
			seen[r] = i
		}
		sum += e.Count
	}
	if len(entries) > 0 && sum != rf {
		return fieldErr(replicaPlacement, "the counts of replica_placement add up to %d but replication_factor is %d; make them equal", sum, rf)
	}
	return nil
}

// Check returns why the entries cannot be placed on brokers with rf
// replicas, as a *FieldError whose sentences say how to fix it, or nil.
func Check(entries []Entry, brokers []Broker, rf int) error {
	if err := Validate(entries, rf); err != nil {
		return err
	}
	live := liveByRack(brokers)
	for i, e := range entries {
		at := replicaPlacement.At(Index(i))
		n := 0
		for j, r := range e.Racks {
			if live[r] == 0 {
				return fieldErr(at.At(Attr("racks"), Index(j)), "no live broker has rack %q (replica_placement[%d]); the cluster's racks are %s", r, i, strings.Join(racksOf(brokers), ", "))
			}
			n += live[r]
		}
		if e.Count > n {
			return fieldErr(at.At(Attr("count")), "replica_placement[%d] asks for %d replicas on racks %s, which have only %d live brokers",
				i, e.Count, strings.Join(e.Racks, ", "), n)
		}
	}
	return nil
}

// liveByRack counts the live brokers of every rack.
func liveByRack(brokers []Broker) map[string]int {
	live := map[string]int{}
	for _, b := range brokers {
		live[b.Rack]++
	}
	return live
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

// Drift reads entries back from a topic's current assignment as Observe
// does. The placement is an exact assignment, so where the counts match but
// the assignment is not the one Assign makes (replicas moved within their
// racks, or leaders out of the first entry), the first entry reads -1 too.
//
// A replica on a broker that is not live (stopped, fenced, or in a region
// cut off) has no known rack, so nothing can be judged until it is back:
// the entries read as declared, rather than as drift a plan would try to
// fix by moving replicas off a region that is only unreachable.
func Drift(entries []Entry, brokers []Broker, current map[int32][]int32) []Entry {
	live := map[int32]bool{}
	for _, b := range brokers {
		live[b.ID] = true
	}
	for _, rs := range current {
		for _, b := range rs {
			if !live[b] {
				return slices.Clone(entries)
			}
		}
	}
	obs := Observe(entries, brokers, current)
	ids := make([]int32, 0, len(current))
	for p := range current {
		ids = append(ids, p)
	}
	if reflect.DeepEqual(obs, entries) && !reflect.DeepEqual(current, Assign(entries, brokers, ids)) {
		obs[0].Count = -1
	}
	return obs
}

// Range returns the partition numbers from up to, not including, to.
func Range(from, to int) []int32 {
	out := make([]int32, 0, max(to-from, 0))
	for p := from; p < to; p++ {
		out = append(out, int32(p))
	}
	return out
}
