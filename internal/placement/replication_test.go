package placement

import (
	"reflect"
	"testing"
)

var stretch = []Broker{{1, "us-east-1a"}, {2, "us-east-1b"}, {3, "eu-west-1a"}, {4, "ap-south-1a"}}

func TestIncreaseKeepsReplicasAndSpreadsRacks(t *testing.T) {
	cur := map[int32][]int32{0: {1}, 1: {2}, 2: {3}, 3: {4}}
	got, err := ChangeReplicationFactor(cur, stretch, 3)
	if err != nil {
		t.Fatal(err)
	}
	load := map[int32]int{}
	for p, rs := range got {
		if rs[0] != cur[p][0] {
			t.Errorf("partition %d: preferred leader moved from %d to %d", p, cur[p][0], rs[0])
		}
		if len(rs) != 3 {
			t.Errorf("partition %d: %v has %d replicas", p, rs, len(rs))
		}
		racks := map[string]bool{}
		for _, b := range rs {
			racks[stretch[b-1].Rack] = true
			load[b]++
		}
		if len(racks) != 3 {
			t.Errorf("partition %d: %v spans %d racks, want 3", p, rs, len(racks))
		}
	}
	// Greedy placement keeps brokers within two replicas of each other.
	lo, hi := 1<<30, 0
	for _, n := range load {
		lo, hi = min(lo, n), max(hi, n)
	}
	if len(load) != 4 || hi-lo > 2 {
		t.Errorf("replica counts per broker %v are unbalanced", load)
	}
}

func TestDecreaseKeepsLeaderAndRemovesCrowdedRack(t *testing.T) {
	cur := map[int32][]int32{0: {1, 2, 3}}
	got, err := ChangeReplicationFactor(cur, stretch, 2)
	if err != nil {
		t.Fatal(err)
	}
	// 1 and 2 share no rack here, so the tie breaks on load then id: the
	// highest id of equal load goes.
	if want := []int32{1, 2}; !reflect.DeepEqual(got[0], want) {
		t.Fatalf("got %v, want %v", got[0], want)
	}
	racks := []Broker{{1, "a"}, {2, "a"}, {3, "b"}}
	got, _ = ChangeReplicationFactor(map[int32][]int32{0: {1, 2, 3}}, racks, 2)
	if want := []int32{1, 3}; !reflect.DeepEqual(got[0], want) {
		t.Fatalf("crowded rack: got %v, want %v", got[0], want)
	}
}

func TestUnchangedPartitionsAreLeftOut(t *testing.T) {
	got, err := ChangeReplicationFactor(map[int32][]int32{0: {1, 2}, 1: {3}}, stretch, 2)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := got[0]; ok || len(got) != 1 {
		t.Fatalf("got %v, want only partition 1", got)
	}
}

func TestTooManyReplicas(t *testing.T) {
	if _, err := ChangeReplicationFactor(map[int32][]int32{0: {1}}, stretch, 5); err == nil {
		t.Fatal("want error for rf above broker count")
	}
	if _, err := ChangeReplicationFactor(map[int32][]int32{0: {1}}, stretch, 0); err == nil {
		t.Fatal("want error for rf 0")
	}
}
