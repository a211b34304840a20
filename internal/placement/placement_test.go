package placement

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

var placed = []Entry{{Racks: []string{"us-east-1a", "us-east-1b"}, Count: 2}, {Racks: []string{"eu-west-1a"}, Count: 1}}

func partitions(n int) []int32 {
	out := make([]int32, n)
	for i := range out {
		out[i] = int32(i)
	}
	return out
}

func TestAssignTable(t *testing.T) {
	got := Assign(placed, stretch, partitions(4))
	want := map[int32][]int32{0: {1, 2, 3}, 1: {2, 1, 3}, 2: {1, 2, 3}, 3: {2, 1, 3}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	one := []Entry{{Racks: []string{"us-east-1a", "us-east-1b"}, Count: 1}, {Racks: []string{"eu-west-1a"}, Count: 1}, {Racks: []string{"ap-south-1a"}, Count: 1}}
	if got := Assign(one, stretch, []int32{0, 1}); !reflect.DeepEqual(got, map[int32][]int32{0: {1, 3, 4}, 1: {2, 3, 4}}) {
		t.Fatalf("one per region: %v", got)
	}
}

func TestCheck(t *testing.T) {
	if err := Check(placed, stretch, 3); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		e  []Entry
		rf int
	}{
		"unknown rack":   {[]Entry{{Racks: []string{"mars-1a"}, Count: 1}}, 1},
		"too many":       {[]Entry{{Racks: []string{"eu-west-1a"}, Count: 2}}, 2},
		"sum":            {placed, 2},
		"duplicate rack": {[]Entry{{Racks: []string{"eu-west-1a"}, Count: 1}, {Racks: []string{"eu-west-1a"}, Count: 1}}, 2},
		"zero":           {[]Entry{{Racks: []string{"eu-west-1a"}, Count: 0}}, 0},
	} {
		if err := Check(tc.e, stretch, tc.rf); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// Property: for random clusters and entries, every partition has count
// replicas per entry on its racks, no broker twice, leaders within one of
// each other, and adding partitions keeps existing ones where they are.
func TestAssignProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := 0; iter < 500; iter++ {
		var brokers []Broker
		racks := []string{"a", "b", "c", "d", "e"}[:1+r.IntN(5)]
		id := int32(1)
		for _, rk := range racks {
			for n := 1 + r.IntN(3); n > 0; n-- {
				brokers = append(brokers, Broker{ID: id, Rack: rk})
				id++
			}
		}
		var entries []Entry
		rf := 0
		for i := 0; i < len(racks); {
			take := 1 + r.IntN(len(racks)-i)
			e := Entry{Racks: racks[i : i+take]}
			n := 0
			for _, b := range brokers {
				for _, rk := range e.Racks {
					if b.Rack == rk {
						n++
					}
				}
			}
			e.Count = 1 + r.IntN(n)
			entries, rf, i = append(entries, e), rf+e.Count, i+take
		}
		if err := Check(entries, brokers, rf); err != nil {
			t.Fatalf("generated placement refused: %v", err)
		}
		np := 1 + r.IntN(30)
		a := Assign(entries, brokers, partitions(np))
		rackOf := map[int32]string{}
		for _, b := range brokers {
			rackOf[b.ID] = b.Rack
		}
		leaders := map[int32]int{}
		for p, rs := range a {
			seen := map[int32]bool{}
			pos := 0
			for ei, e := range entries {
				for k := 0; k < e.Count; k++ {
					b := rs[pos]
					pos++
					if seen[b] {
						t.Fatalf("partition %d: broker %d twice in %v", p, b, rs)
					}
					seen[b] = true
					in := false
					for _, rk := range e.Racks {
						in = in || rackOf[b] == rk
					}
					if !in {
						t.Fatalf("partition %d: replica %d of entry %d on rack %s, want one of %v", p, b, ei, rackOf[b], e.Racks)
					}
				}
			}
			leaders[rs[0]]++
		}
		first := candidates(entries[0].Racks, brokers)
		lo, hi := np, 0
		for _, b := range first {
			lo, hi = min(lo, leaders[b]), max(hi, leaders[b])
		}
		if hi-lo > 1 {
			t.Fatalf("leaders unbalanced: %v over %v", leaders, first)
		}
		more := Assign(entries, brokers, partitions(np+5))
		for p := range a {
			if !reflect.DeepEqual(a[p], more[p]) {
				t.Fatalf("partition %d moved from %v to %v when partitions were added", p, a[p], more[p])
			}
		}
		if obs := Observe(entries, brokers, a); !reflect.DeepEqual(obs, entries) {
			t.Fatalf("Observe = %v, want %v", obs, entries)
		}
	}
}

func TestObserveShowsDifferences(t *testing.T) {
	a := map[int32][]int32{0: {1, 2, 3}, 1: {1, 3, 4}}
	obs := Observe(placed, stretch, a)
	if obs[0].Count != -1 || obs[1].Count != -1 {
		t.Fatalf("observed %v, want -1 where partitions differ or replicas stray", obs)
	}
}

func TestGrowLayoutAndAssignRegions(t *testing.T) {
	regions := map[string]Region{
		"us": {Racks: []string{"us-east-1a", "us-east-1b"}, Partitions: 2, ReplicationFactor: 2},
		"eu": {Racks: []string{"eu-west-1a"}, Partitions: 2, ReplicationFactor: 1},
		"ap": {Racks: []string{"ap-south-1a"}, Partitions: 1, ReplicationFactor: 1},
	}
	layout, err := GrowLayout(nil, regions)
	if err != nil || !reflect.DeepEqual(layout, []string{"ap", "eu", "eu", "us", "us"}) {
		t.Fatalf("layout %v %v", layout, err)
	}
	got := AssignRegions(layout, regions, stretch, partitions(5))
	want := map[int32][]int32{0: {4}, 1: {3}, 2: {3}, 3: {1, 2}, 4: {2, 1}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("assignment %v, want %v", got, want)
	}
	eu := regions["eu"]
	eu.Partitions = 4
	regions["eu"] = eu
	grown, err := GrowLayout(layout, regions)
	if err != nil || !reflect.DeepEqual(grown, []string{"ap", "eu", "eu", "us", "us", "eu", "eu"}) {
		t.Fatalf("grown %v %v", grown, err)
	}
	eu.Partitions = 1
	regions["eu"] = eu
	if _, err := GrowLayout(layout, regions); err == nil {
		t.Fatal("shrinking a region accepted")
	}
	delete(regions, "eu")
	if _, err := GrowLayout(layout, regions); err == nil {
		t.Fatal("dropping a region accepted")
	}
	if RegionOfRack("eu-west-1a") != "eu-west-1" {
		t.Fatal("RegionOfRack")
	}
}

func TestUniform(t *testing.T) {
	want := map[int32][]int32{0: {4}, 1: {1, 2}}
	got := Uniform(want, 1, stretch)
	if !reflect.DeepEqual(got, map[int32][]int32{0: {4}, 1: {1}}) {
		t.Fatalf("cut: %v", got)
	}
	got = Uniform(want, 2, stretch)
	if len(got[0]) != 2 || got[0][0] != 4 || got[0][1] == 4 || !reflect.DeepEqual(got[1], []int32{1, 2}) {
		t.Fatalf("padded: %v", got)
	}
}
