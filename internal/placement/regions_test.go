package placement

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

var geo = map[string]Region{
	"us": {Racks: []string{"us-east-1a", "us-east-1b"}, Partitions: 2, ReplicationFactor: 2},
	"eu": {Racks: []string{"eu-west-1a"}, Partitions: 2, ReplicationFactor: 1},
	"ap": {Racks: []string{"ap-south-1a"}, Partitions: 1, ReplicationFactor: 1},
}

var geoLayout = []string{"ap", "eu", "eu", "us", "us"}

// fieldOf returns the path and message of a *FieldError, failing otherwise.
func fieldOf(t *testing.T, err error) (string, string) {
	t.Helper()
	var fe *FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("%v (%T) is not a *FieldError", err, err)
	}
	return fe.Path.String(), fe.Error()
}

func TestPathString(t *testing.T) {
	for want, p := range map[string]Path{
		`regions["eu"].partitions`:      {Attr("regions"), Key("eu"), Attr("partitions")},
		`replica_placement[0].racks[1]`: replicaPlacement.At(Index(0), Attr("racks"), Index(1)),
		`replica_placement`:             replicaPlacement,
	} {
		if got := p.String(); got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	}
	base := Path{Attr("a")}
	_ = base.At(Attr("b"))
	if base.String() != "a" {
		t.Fatalf("At changed its receiver: %s", base)
	}
}

func TestCheckNamesTheField(t *testing.T) {
	for _, tc := range []struct {
		e          []Entry
		rf         int
		path, text string
	}{
		{[]Entry{{Racks: []string{"mars-1a"}, Count: 1}}, 1,
			"replica_placement[0].racks[0]", `no live broker has rack "mars-1a" (replica_placement[0]); the cluster's racks are ap-south-1a, eu-west-1a`},
		{[]Entry{{Racks: []string{"eu-west-1a"}, Count: 2}}, 2,
			"replica_placement[0].count", "replica_placement[0] asks for 2 replicas on racks eu-west-1a, which have only 1 live brokers"},
		{placed, 2, "replica_placement", "add up to 3 but replication_factor is 2"},
		{[]Entry{{Racks: []string{"eu-west-1a"}, Count: 1}, {Racks: []string{"us-east-1a", "eu-west-1a"}, Count: 1}}, 2,
			"replica_placement[1].racks[1]", `rack "eu-west-1a" is in replica_placement[0] and [1]`},
		{[]Entry{{Racks: []string{"eu-west-1a"}, Count: 0}}, 0, "replica_placement[0].count", "replica_placement[0].count is 0"},
		{[]Entry{{Count: 1}}, 1, "replica_placement[0].racks", "replica_placement[0].racks is empty"},
	} {
		p, msg := fieldOf(t, Check(tc.e, stretch, tc.rf))
		if p != tc.path || !strings.Contains(msg, tc.text) {
			t.Errorf("%v: got %s: %q, want %s: %q", tc.e, p, msg, tc.path, tc.text)
		}
	}
}

func TestCheckRegion(t *testing.T) {
	for name, r := range geo {
		if err := CheckRegion(name, r, stretch); err != nil {
			t.Fatalf("%s refused: %v", name, err)
		}
	}
	for _, tc := range []struct {
		r          Region
		path, text string
	}{
		{Region{Racks: []string{"eu-west-1a", "mars-1a"}, ReplicationFactor: 1},
			`regions["eu"].racks[1]`, `no live broker has rack "mars-1a" (region "eu"); the cluster's racks are`},
		{Region{Racks: []string{"eu-west-1a"}, ReplicationFactor: 2},
			`regions["eu"].replication_factor`, `region "eu" asks for 2 replicas on racks eu-west-1a, which have only 1 live brokers`},
		{Region{Racks: []string{"eu-west-1a", "eu-west-1a"}, ReplicationFactor: 1},
			`regions["eu"].racks[1]`, `rack "eu-west-1a" is listed twice in region "eu"`},
	} {
		p, msg := fieldOf(t, CheckRegion("eu", tc.r, stretch))
		if p != tc.path || !strings.Contains(msg, tc.text) {
			t.Errorf("%v: got %s: %q, want %s: %q", tc.r, p, msg, tc.path, tc.text)
		}
	}
}

func TestGrowLayoutNamesTheField(t *testing.T) {
	shrunk := map[string]Region{"us": geo["us"], "eu": {Racks: geo["eu"].Racks, Partitions: 1, ReplicationFactor: 1}, "ap": geo["ap"]}
	p, msg := fieldOf(t, second(GrowLayout(geoLayout, shrunk)))
	if p != `regions["eu"].partitions` || !strings.Contains(msg, `region "eu" has 2 partitions and the configuration asks for 1`) {
		t.Errorf("shrink: %s: %q", p, msg)
	}
	dropped := map[string]Region{"us": geo["us"], "ap": geo["ap"]}
	p, msg = fieldOf(t, second(GrowLayout(geoLayout, dropped)))
	if p != "regions" || !strings.Contains(msg, `region "eu" holds 2 partitions and cannot be removed`) {
		t.Errorf("drop: %s: %q", p, msg)
	}
}

func second[T any](_ T, err error) error { return err }

func TestDrift(t *testing.T) {
	a := Assign(placed, stretch, partitions(4))
	if got := Drift(placed, stretch, a); !reflect.DeepEqual(got, placed) {
		t.Fatalf("placed as assigned: %v, want %v", got, placed)
	}
	// Replicas swapped within their racks: the counts hold, the assignment
	// does not.
	swapped := clone(a)
	swapped[0] = []int32{a[0][1], a[0][0], a[0][2]}
	if got := Drift(placed, stretch, swapped); got[0].Count != -1 || got[1].Count != 1 {
		t.Fatalf("swapped within racks: %v, want the first entry at -1", got)
	}
	strayed := clone(a)
	strayed[1] = []int32{1, 2, 4}
	if got := Drift(placed, stretch, strayed); got[0].Count != -1 || got[1].Count != -1 {
		t.Fatalf("replica off every entry: %v, want -1 everywhere", got)
	}
	if got := Drift(placed, stretch, map[int32][]int32{}); !reflect.DeepEqual(got, placed) {
		t.Fatalf("no partitions: %v", got)
	}
	// A broker holding a replica is not live (its region is cut off): its
	// rack is unknown, so even a drifted placement reads as declared.
	var live []Broker
	for _, b := range stretch {
		if b.ID != swapped[0][0] {
			live = append(live, b)
		}
	}
	if got := Drift(placed, live, swapped); !reflect.DeepEqual(got, placed) {
		t.Fatalf("broker %d not live: %v, want the placement as declared", swapped[0][0], got)
	}
}

func clone(a map[int32][]int32) map[int32][]int32 {
	out := make(map[int32][]int32, len(a))
	for p, rs := range a {
		out[p] = append([]int32(nil), rs...)
	}
	return out
}

func TestObserveRegions(t *testing.T) {
	a := AssignRegions(geoLayout, geo, stretch, Range(0, len(geoLayout)))
	a[5] = []int32{4} // added outside Terraform: no region's
	if got := ObserveRegions(geo, geoLayout, stretch, a); !reflect.DeepEqual(got, geo) {
		t.Fatalf("as assigned: %v, want %v", got, geo)
	}
	moved := clone(a)
	moved[1] = []int32{4} // an eu partition on ap's broker
	got := ObserveRegions(geo, geoLayout, stretch, moved)
	if got["eu"].ReplicationFactor != -1 || got["eu"].Partitions != 2 || !reflect.DeepEqual(got["us"], geo["us"]) || !reflect.DeepEqual(got["ap"], geo["ap"]) {
		t.Fatalf("eu partition moved out: %v", got)
	}
	grown := clone(a)
	grown[3] = []int32{1, 2, 3}
	if got := ObserveRegions(geo, geoLayout, stretch, grown); got["us"].ReplicationFactor != -1 {
		t.Fatalf("us partition with 3 replicas: %v", got)
	}
	// Partitions the topic lacks are not counted.
	short := clone(a)
	delete(short, 4)
	if got := ObserveRegions(geo, geoLayout, stretch, short); got["us"].Partitions != 1 {
		t.Fatalf("us with one partition: %v", got)
	}
}

func TestReconstructRegions(t *testing.T) {
	a := AssignRegions(geoLayout, geo, stretch, Range(0, len(geoLayout)))
	regions, layout := ReconstructRegions(stretch, a)
	wantLayout := []string{"ap-south-1", "eu-west-1", "eu-west-1", "us-east-1", "us-east-1"}
	if !reflect.DeepEqual(layout, wantLayout) {
		t.Fatalf("layout %v, want %v", layout, wantLayout)
	}
	want := map[string]Region{
		"ap-south-1": {Racks: []string{"ap-south-1a"}, Partitions: 1, ReplicationFactor: 1},
		"eu-west-1":  {Racks: []string{"eu-west-1a"}, Partitions: 2, ReplicationFactor: 1},
		"us-east-1":  {Racks: []string{"us-east-1a", "us-east-1b"}, Partitions: 2, ReplicationFactor: 2},
	}
	if !reflect.DeepEqual(regions, want) {
		t.Fatalf("regions %v, want %v", regions, want)
	}
	if got := ObserveRegions(regions, layout, stretch, a); !reflect.DeepEqual(got, want) {
		t.Fatalf("reconstructed regions read back as %v", got)
	}
	regions, layout = ReconstructRegions(stretch, map[int32][]int32{0: {3}, 1: {}})
	if layout[1] != "unknown" || regions["unknown"].ReplicationFactor != 0 {
		t.Fatalf("partition without replicas: %v %v", layout, regions)
	}
}

func TestRegionChanges(t *testing.T) {
	grown := map[string]Region{"us": geo["us"], "eu": {Racks: geo["eu"].Racks, Partitions: 4, ReplicationFactor: 1}, "ap": geo["ap"]}
	layout, err := GrowLayout(geoLayout, grown)
	if err != nil {
		t.Fatal(err)
	}
	added, moved := RegionChanges(geoLayout, layout, geo, grown, stretch)
	if !reflect.DeepEqual(added, map[int32][]int32{5: {3}, 6: {3}}) || len(moved) != 0 {
		t.Fatalf("eu grown: added %v, moved %v", added, moved)
	}
	one := map[string]Region{"us": {Racks: geo["us"].Racks, Partitions: 2, ReplicationFactor: 1}, "eu": geo["eu"], "ap": geo["ap"]}
	added, moved = RegionChanges(geoLayout, geoLayout, geo, one, stretch)
	if len(added) != 0 || !reflect.DeepEqual(moved, map[int32][]int32{3: {1}, 4: {2}}) {
		t.Fatalf("us down to one replica: added %v, moved %v", added, moved)
	}
	drifted := map[string]Region{"us": geo["us"], "eu": {Racks: geo["eu"].Racks, Partitions: 2, ReplicationFactor: -1}, "ap": geo["ap"]}
	if _, moved = RegionChanges(geoLayout, geoLayout, drifted, geo, stretch); !reflect.DeepEqual(moved, map[int32][]int32{1: {3}, 2: {3}}) {
		t.Fatalf("drifted eu: moved %v", moved)
	}
}

func TestCreateRegions(t *testing.T) {
	initial, want := CreateRegions(geoLayout, geo, stretch)
	if !reflect.DeepEqual(want, map[int32][]int32{0: {4}, 1: {3}, 2: {3}, 3: {1, 2}, 4: {2, 1}}) {
		t.Fatalf("want %v", want)
	}
	for p, rs := range initial {
		if len(rs) != 1 || rs[0] != want[p][0] {
			t.Fatalf("initial %v: every partition starts with one replica, its first wanted one", initial)
		}
	}
	if got := Range(2, 5); !reflect.DeepEqual(got, []int32{2, 3, 4}) || len(Range(3, 1)) != 0 {
		t.Fatalf("Range: %v", got)
	}
}
