// Command tradeoffs measures what distance between regions costs
// (make tradeoffs): for each round-trip time between the lab's locations it
// sets the WAN proxies (scripts/wan), then measures with a real producer
// (franz-go, acks=all, idempotent) and consumer:
//
//   - produce latency, one record at a time, from us-east to a regional
//     topic on us-east, to a topic stretched over the three regions (one
//     replica each, min.insync.replicas=2) with leaders spread over the
//     regions, and to the same with every leader in us-east;
//   - the end-to-end latency of an asynchronous MirrorMaker 2 link from
//     us-east to eu-west (examples/tradeoffs, applied with the provider), and
//     its window: records acknowledged on us-east and not yet on eu-west, at
//     random instants;
//   - the plan time, from the CI runner, of an estate of 3 x N topics
//     (examples/bench/topics), interleaved over the RTTs.
//
// It prints a table and writes .lab/tradeoffs/report.json. Clients sit where
// they say: the producer in us-east, the consumer and the window's reader in
// eu-west, terraform at the CI runner.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/geokafka/terraform-provider-geokafka/internal/wanlab"
)

type options struct {
	rtts        []time.Duration
	samples     int           // produce latency samples per topic and RTT
	linkFor     time.Duration // how long the link is measured per RTT
	rate        int           // records per second written to the link's topic
	planTopics  int           // topics per cluster in the plan measurement (0: none)
	planRuns    int
	parallelism int
}

func main() {
	var o options
	rtts := flag.String("rtts", "0,40,80,150", "round-trip times between locations, in ms")
	flag.IntVar(&o.samples, "samples", 200, "produce latency samples per topic and RTT")
	flag.DurationVar(&o.linkFor, "link-for", 20*time.Second, "how long the link is measured per RTT")
	flag.IntVar(&o.rate, "rate", 100, "records per second written through the link")
	flag.IntVar(&o.planTopics, "plan-topics", 1000, "topics per cluster in the plan measurement (0 skips it)")
	flag.IntVar(&o.planRuns, "plan-runs", 3, "interleaved plan runs per RTT (median)")
	flag.IntVar(&o.parallelism, "parallelism", 50, "terraform -parallelism")
	flag.Parse()
	for _, s := range strings.Split(*rtts, ",") {
		ms, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || ms < 0 {
			fail(fmt.Errorf("-rtts: %q is not a whole number of milliseconds", s))
		}
		o.rtts = append(o.rtts, time.Duration(ms)*time.Millisecond)
	}
	if err := run(o); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "tradeoffs: ERROR: %v\n", err)
	os.Exit(1)
}

func logf(format string, args ...any) {
	fmt.Printf("tradeoffs: "+format+"\n", args...)
}

// lab holds the addresses .lab/lab.env exports (scripts/tradeoffs.sh
// sources it).
type lab struct {
	root, terraform, terraformrc string
	wan                          *wanlab.Client
}

// addrs is a cluster's bootstrap list as seen from a location.
func addrs(cluster, from string) []string {
	return strings.Split(os.Getenv(wanlab.BootstrapEnv(cluster, from)), ",")
}

func newLab() (*lab, error) {
	l := &lab{root: os.Getenv("LAB_ROOT"), terraform: os.Getenv("LAB_TERRAFORM"), terraformrc: os.Getenv("LAB_TERRAFORMRC")}
	if l.root == "" || os.Getenv("LAB_WAN_API") == "" {
		return nil, fmt.Errorf("the lab's addresses are not set: run `make tradeoffs` (it starts the lab and sources .lab/lab.env)")
	}
	for _, c := range []string{"us-east", "eu-west", "ap-south", "stretch"} {
		for _, from := range wanlab.Locations {
			if a := addrs(c, from); len(a) == 0 || a[0] == "" {
				return nil, fmt.Errorf("no address of %s from %s in .lab/lab.env: restart the lab (make lab-up)", c, from)
			}
		}
	}
	l.wan = wanlab.NewClient(os.Getenv("LAB_WAN_API"))
	return l, nil
}

// setRTT gives every pair of locations the same round trip and no cut-off.
func (l *lab) setRTT(ctx context.Context, rtt time.Duration) error {
	s := wanlab.Zero()
	s.SetRTT(rtt)
	if err := l.wan.Apply(ctx, s); err != nil {
		return err
	}
	return wanlab.Save(l.root, s)
}

func run(o options) error {
	l, err := newLab()
	if err != nil {
		return err
	}
	ctx := context.Background()
	out := filepath.Join(l.root, "tradeoffs")
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	// Whatever happens, leave the lab as make lab-up does: no distance.
	defer func() {
		if err := l.setRTT(ctx, 0); err != nil {
			logf("could not reset the WAN proxies: %v", err)
		}
	}()

	rep := report{Machine: machine(), Started: time.Now().UTC().Format(time.RFC3339)}
	if err := l.setRTT(ctx, 0); err != nil {
		return err
	}
	m, err := newMeasurer(ctx, l, o)
	if err != nil {
		return err
	}
	defer m.close()
	for _, rtt := range o.rtts {
		logf("RTT %d ms between every pair of locations", rtt.Milliseconds())
		if err := l.setRTT(ctx, rtt); err != nil {
			return err
		}
		row, err := m.measure(ctx, rtt)
		if err != nil {
			return fmt.Errorf("RTT %d ms: %w", rtt.Milliseconds(), err)
		}
		rep.Rows = append(rep.Rows, row)
	}
	if o.planTopics > 0 {
		plans, err := measurePlans(ctx, l, o)
		if err != nil {
			return err
		}
		for i := range rep.Rows {
			rep.Rows[i].Plan = plans[rep.Rows[i].RTTms]
		}
	}
	return rep.write(out)
}
