// Command drill runs the disaster-recovery drill of the financial-dr estate
// against the lab (make drill), in two scenarios: us-east killed, and us-east
// cut off from the other regions while it is alive (a split brain); a third,
// the move off ZooKeeper; and a fourth, processes killed in the middle of
// applies.
//
// The kill scenario:
//
//  1. apply the estate with us-east active; a producer writes fdr.trades on
//     us-east continuously with acks=all, and the group fdr.risk-engine reads;
//  2. kill us-east (SIGKILL: a region lost, not a clean stop), fail over with
//     `active = "secondary"` and `offline_clusters = ["us-east"]`, and resume
//     writing and reading on eu-west;
//  3. restart us-east, apply with it back online (the link now copies
//     eu-west into us-east), then fail back as a planned switchover: stop
//     writes, wait until us-east has every record and the group's offsets,
//     `active = "primary"` with `start_from = "latest"`;
//  4. destroy the estate.
//
// The partition scenario (partition.go) runs the estate through the lab's
// WAN proxies, cuts us-east off while its producer (authenticated, so that
// the estate's ACLs bind it) keeps writing, fails over the same way, heals
// the partition and brings us-east back with `catch_up = true`: the apply
// removes the producer's bindings on us-east and copies what us-east took
// after the fail-over to eu-west as us-east.fdr.trades.
//
// The mid-apply scenario (midapply.go) kills a stretch broker, then the
// Kafka Connect worker, in the middle of applies that write to them, and
// checks that the next apply converges with nothing lost, doubled or half
// done.
//
// The migration scenario (migrate.go) is not a failure: it rehearses
// examples/estates/zk-to-kraft, the move of topics, records, users, quotas,
// ACLs and a consumer group's position off the lab's Kafka 3.9 ZooKeeper
// cluster onto a KRaft cluster, and the cut-over by one variable.
//
// The disaster scenarios each report RPO (acknowledged records missing on the new active cluster),
// RTO (seconds from the failure to the first acknowledged write after the
// apply) and the duplicates the consumer saw, and writes them as JSON; the
// drill fails if an acknowledged record is lost.
//
// kill.go and partition.go hold the scenarios in order; clients.go the
// producer, the consumer group and the reader of whole topics; measure.go the
// waits and counts the report is made of; terraform.go and lab.go what the
// drill runs outside Go.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

const (
	topic = "fdr.trades"
	group = "fdr.risk-engine"
	rate  = 200 // records per second
)

// drill is the state of one run. The producer's callbacks, the consumer and
// the phases all record into acked and seen at once, so mu guards them.
type drill struct {
	root, estate, state string
	terraform           string
	env                 []string
	servers             map[string]string // cluster key -> bootstrap

	varFile string // the scenario's terraform variables, if any

	tag string // prefix of every record value, unique to this drill

	mu       sync.Mutex
	seq      int
	acked    map[string][]int     // cluster -> acknowledged sequence numbers
	seen     map[int]int          // sequence number -> times the consumer saw it
	failedAt map[string]time.Time // cluster -> first write that failed
	start    time.Time
}

func main() {
	scenario := flag.String("scenario", "all", "kill, partition, migrate, midapply or all")
	flag.Parse()
	var reports Reports
	err := func() error {
		if *scenario == "all" || *scenario == "kill" {
			d, err := newDrill()
			if err != nil {
				return err
			}
			if reports.Kill, err = d.runKill(); err != nil {
				return fmt.Errorf("kill scenario: %w", err)
			}
		}
		if *scenario == "all" || *scenario == "partition" {
			d, err := newDrill()
			if err != nil {
				return err
			}
			if reports.Partition, err = d.runPartition(); err != nil {
				return fmt.Errorf("partition scenario: %w", err)
			}
		}
		if *scenario == "all" || *scenario == "migrate" {
			d, err := newDrill()
			if err != nil {
				return err
			}
			if reports.Migration, err = d.runMigrate(); err != nil {
				return fmt.Errorf("migration scenario: %w", err)
			}
		}
		if *scenario == "all" || *scenario == "midapply" {
			d, err := newDrill()
			if err != nil {
				return err
			}
			if reports.MidApply, err = d.runMidApply(); err != nil {
				return fmt.Errorf("mid-apply scenario: %w", err)
			}
		}
		if reports.Kill == nil && reports.Partition == nil && reports.Migration == nil && reports.MidApply == nil {
			return fmt.Errorf("unknown scenario %q: use kill, partition, migrate, midapply or all", *scenario)
		}
		return reports.save()
	}()
	if err != nil {
		fmt.Fprintln(os.Stderr, "drill:", err)
		os.Exit(1)
	}
}

// newDrill reads the lab's addresses from the environment drill.sh sources
// from .lab/lab.env, so the drill runs against whatever lab-up.sh started.
func newDrill() (*drill, error) {
	root, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	d := &drill{root: root, estate: filepath.Join(root, "examples/estates/financial-dr"),
		state: filepath.Join(root, ".lab/drill/terraform.tfstate"),
		acked: map[string][]int{}, seen: map[int]int{}, failedAt: map[string]time.Time{}, servers: map[string]string{},
		tag: strconv.FormatInt(time.Now().UnixNano(), 36) + "-"}
	for key, env := range map[string]string{"us-east": "LAB_US_EAST_BOOTSTRAP", "eu-west": "LAB_EU_WEST_BOOTSTRAP"} {
		if d.servers[key], err = need(env); err != nil {
			return nil, err
		}
	}
	if d.terraform, err = need("LAB_TERRAFORM"); err != nil {
		return nil, err
	}
	rc, err := need("LAB_TERRAFORMRC")
	if err != nil {
		return nil, err
	}
	d.env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0")
	d.start = time.Now()
	return d, os.MkdirAll(filepath.Dir(d.state), 0o755)
}

// logf stamps each line with the time since the drill began, so the log
// reads as a timeline of the failure.
func (d *drill) logf(format string, args ...any) {
	fmt.Printf("[drill %6.1fs] %s\n", time.Since(d.start).Seconds(), fmt.Sprintf(format, args...))
}
