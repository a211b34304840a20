package placement

import (
	"slices"
	"sort"
	"strings"
)

// Region is one region of a geo-partitioned topic.
type Region struct {
	Racks             []string
	Partitions        int
	ReplicationFactor int
}

// regionsAttr is the attribute that holds the regions.
var regionsAttr = Path{Attr("regions")}

// ValidateRegion returns why region name is wrong whatever the brokers, as
// a *FieldError, or nil: it needs no call to the cluster, so it runs first.
func ValidateRegion(name string, r Region) error {
	at := regionsAttr.At(Key(name))
	seen := map[string]bool{}
	for j, rk := range r.Racks {
		if seen[rk] {
			return fieldErr(at.At(Attr("racks"), Index(j)), "rack %q is listed twice in region %q; list each rack once", rk, name)
		}
		seen[rk] = true
	}
	return nil
}

// CheckRegion returns why region name cannot be placed on brokers, as a
// *FieldError, or nil.
func CheckRegion(name string, r Region, brokers []Broker) error {
	if err := ValidateRegion(name, r); err != nil {
		return err
	}
	at := regionsAttr.At(Key(name))
	live := liveByRack(brokers)
	n := 0
	for j, rk := range r.Racks {
		rack := at.At(Attr("racks"), Index(j))
		if live[rk] == 0 {
			return fieldErr(rack, "no live broker has rack %q (region %q); the cluster's racks are %s", rk, name, strings.Join(racksOf(brokers), ", "))
		}
		n += live[rk]
	}
	if r.ReplicationFactor > n {
		return fieldErr(at.At(Attr("replication_factor")), "region %q asks for %d replicas on racks %s, which have only %d live brokers",
			name, r.ReplicationFactor, strings.Join(r.Racks, ", "), n)
	}
	return nil
}

// GrowLayout extends a partition → region layout (existing, by partition
// number) so that every region has its planned number of partitions: new
// partitions are appended, regions in name order. It refuses to shrink or
// drop a region, with a *FieldError: Kafka cannot remove partitions.
func GrowLayout(existing []string, regions map[string]Region) ([]string, error) {
	have := map[string]int{}
	for _, r := range existing {
		have[r]++
	}
	for _, r := range sortedKeys(have) {
		n := have[r]
		reg, ok := regions[r]
		if !ok {
			return nil, fieldErr(regionsAttr,
				"region %q holds %d partitions and cannot be removed: Kafka cannot delete partitions. Keep the region, or move its data to a new topic", r, n)
		}
		if reg.Partitions < n {
			return nil, fieldErr(regionsAttr.At(Key(r), Attr("partitions")),
				"region %q has %d partitions and the configuration asks for %d: Kafka cannot remove partitions. Set partitions back to %d", r, n, reg.Partitions, n)
		}
	}
	out := append([]string(nil), existing...)
	for _, r := range sortedKeys(regions) {
		for i := have[r]; i < regions[r].Partitions; i++ {
			out = append(out, r)
		}
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
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

// CreateRegions returns where the partitions of a new geo-partitioned topic
// belong (want) and the assignment to create them with (initial): Kafka
// creates partitions with one replica count, so regions with another are
// reassigned to want right after.
func CreateRegions(layout []string, regions map[string]Region, brokers []Broker) (initial, want map[int32][]int32) {
	want = AssignRegions(layout, regions, brokers, Range(0, len(layout)))
	return Uniform(want, len(want[0]), brokers), want
}

// RegionChanges returns what moving a geo-partitioned topic from (oldLayout,
// from) to (layout, to) takes: where the appended partitions belong, and the
// new replicas of existing partitions whose region changed racks or
// replication factor (a replication factor of -1, read back from a region
// whose replicas drifted, counts as a change).
func RegionChanges(oldLayout, layout []string, from, to map[string]Region, brokers []Broker) (added, moved map[int32][]int32) {
	want := AssignRegions(layout, to, brokers, Range(0, len(layout)))
	added, moved = map[int32][]int32{}, map[int32][]int32{}
	for p := len(oldLayout); p < len(layout); p++ {
		added[int32(p)] = want[int32(p)]
	}
	for p := range oldLayout {
		o, n := from[layout[p]], to[layout[p]]
		if o.ReplicationFactor != n.ReplicationFactor || !slices.Equal(o.Racks, n.Racks) {
			moved[int32(p)] = want[int32(p)]
		}
	}
	return added, moved
}

// ObserveRegions reads the declared regions back from a topic's assignment,
// partition by partition against the layout: Partitions counts the region's
// partitions the topic has, and ReplicationFactor reads -1 where a
// partition's replica count differs from the declared one or a replica sits
// off the region's racks, so a plan puts them back. Partitions beyond the
// layout (added outside Terraform) belong to no region.
func ObserveRegions(declared map[string]Region, layout []string, brokers []Broker, assignment map[int32][]int32) map[string]Region {
	rack := rackOf(brokers)
	stray := map[string]bool{}
	counts := map[string]int{}
	for p, rs := range assignment {
		if p < 0 || int(p) >= len(layout) {
			continue
		}
		reg := layout[p]
		counts[reg]++
		want, ok := declared[reg]
		if !ok {
			continue
		}
		if len(rs) != want.ReplicationFactor {
			stray[reg] = true
		}
		for _, b := range rs {
			if !slices.Contains(want.Racks, rack[b]) {
				stray[reg] = true
			}
		}
	}
	out := make(map[string]Region, len(declared))
	for name, r := range declared {
		if stray[name] {
			r.ReplicationFactor = -1
		}
		r.Partitions = counts[name]
		out[name] = r
	}
	return out
}

// ReconstructRegions names each partition's region after its first replica's
// rack (RegionOfRack; "unknown" without replicas), for imports: a region's
// racks are those its partitions' replicas sit on, its replication factor
// that of its last partition. It returns the regions and the layout.
func ReconstructRegions(brokers []Broker, assignment map[int32][]int32) (map[string]Region, []string) {
	rack := rackOf(brokers)
	ids := make([]int32, 0, len(assignment))
	for p := range assignment {
		ids = append(ids, p)
	}
	slices.Sort(ids)
	regions := map[string]Region{}
	racks := map[string]map[string]bool{}
	layout := make([]string, len(assignment))
	for _, p := range ids {
		rs := assignment[p]
		reg := "unknown"
		if len(rs) > 0 {
			reg = RegionOfRack(rack[rs[0]])
		}
		if racks[reg] == nil {
			racks[reg] = map[string]bool{}
		}
		for _, b := range rs {
			racks[reg][rack[b]] = true
		}
		if p >= 0 && int(p) < len(layout) {
			layout[p] = reg
		}
		r := regions[reg]
		r.Partitions++
		r.ReplicationFactor = len(rs)
		regions[reg] = r
	}
	for name, r := range regions {
		r.Racks = sortedKeys(racks[name])
		regions[name] = r
	}
	return regions, layout
}

func rackOf(brokers []Broker) map[int32]string {
	out := make(map[int32]string, len(brokers))
	for _, b := range brokers {
		out[b.ID] = b.Rack
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
