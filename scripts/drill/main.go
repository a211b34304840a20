// Command drill runs the disaster-recovery drill of the financial-dr estate
// against the lab (make drill):
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
// It reports RPO (acknowledged records missing on the new active cluster),
// RTO (seconds from the failure to the first acknowledged write after the
// apply) and the duplicates the consumer saw, and writes them as JSON.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

const (
	topic = "fdr.trades"
	group = "fdr.risk-engine"
	rate  = 200 // records per second
)

type drill struct {
	root, estate, state string
	terraform           string
	env                 []string
	servers             map[string]string // cluster key -> bootstrap

	tag string // prefix of every record value, unique to this drill

	mu    sync.Mutex
	seq   int
	acked map[string][]int // cluster -> acknowledged sequence numbers
	seen  map[int]int      // sequence number -> times the consumer saw it
	start time.Time
}

// Report is what the drill measured; it is printed and saved as JSON.
type Report struct {
	Produced          int     `json:"acknowledged_before_failure"`
	RPORecords        int     `json:"rpo_records"`
	RPOSeconds        float64 `json:"rpo_seconds"`
	FailoverApplyS    float64 `json:"failover_apply_seconds"`
	RTOSeconds        float64 `json:"rto_seconds"`
	DuplicatesFail    int     `json:"consumer_duplicates_failover"`
	UnseenFail        int     `json:"acknowledged_never_consumed_failover"`
	RecoveredOnOld    int     `json:"rpo_records_found_on_restarted_cluster"`
	CatchUpSeconds    float64 `json:"reverse_link_catch_up_seconds"`
	FailbackLost      int     `json:"failback_lost_records"`
	FailbackDowntimeS float64 `json:"failback_write_pause_seconds"`
	DuplicatesBack    int     `json:"consumer_duplicates_failback"`
	UnseenTotal       int     `json:"acknowledged_never_consumed_total"`
	GroupBehindFail   int64   `json:"group_offsets_behind_end_at_failover"`
	GroupSyncSeconds  float64 `json:"group_offsets_synced_seconds"`
	RecopiedOnEUWest  int     `json:"records_twice_in_eu_west"`
	RecopiedOnUSEast  int     `json:"records_twice_in_us_east"`
	TotalAcked        int     `json:"acknowledged_total"`
}

func main() {
	d, err := newDrill()
	if err == nil {
		err = d.run()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "drill:", err)
		os.Exit(1)
	}
}

func newDrill() (*drill, error) {
	root, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	need := func(k string) (string, error) {
		if v := os.Getenv(k); v != "" {
			return v, nil
		}
		return "", fmt.Errorf("%s is not set: source .lab/lab.env (make drill does)", k)
	}
	d := &drill{root: root, estate: filepath.Join(root, "examples/estates/financial-dr"),
		state: filepath.Join(root, ".lab/drill/terraform.tfstate"),
		acked: map[string][]int{}, seen: map[int]int{}, servers: map[string]string{},
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
	return d, os.MkdirAll(filepath.Dir(d.state), 0o755)
}

func (d *drill) logf(format string, args ...any) {
	fmt.Printf("[drill %6.1fs] %s\n", time.Since(d.start).Seconds(), fmt.Sprintf(format, args...))
}

func (d *drill) tf(args ...string) error {
	d.logf("terraform %s", strings.Join(args, " "))
	if args[0] != "init" {
		args = append(args, "-state="+d.state, "-no-color", "-input=false")
	}
	cmd := exec.Command(d.terraform, args...)
	cmd.Dir, cmd.Env = d.estate, d.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("terraform %s: %w\n%s", args[0], err, out)
	}
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "Apply complete") || strings.HasPrefix(l, "Destroy complete") || strings.HasPrefix(l, "Plan:") {
			d.logf("  %s", l)
		}
	}
	return nil
}

func (d *drill) run() error {
	d.start = time.Now()
	var r Report
	// A lock file from an earlier build records the checksum of an older binary.
	if err := os.Remove(filepath.Join(d.estate, ".terraform.lock.hcl")); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err := d.tf("init"); err != nil {
		return err
	}
	if err := d.tf("apply", "-auto-approve"); err != nil {
		return err
	}
	defer func() {
		if err := d.tf("destroy", "-auto-approve"); err != nil {
			d.logf("cleanup failed: %v", err)
		}
	}()

	// Phase 1: steady state on us-east.
	ctx, stopConsumer := context.WithCancel(context.Background())
	consumed := d.consume(ctx, "us-east")
	prodCtx, stopProducer := context.WithCancel(context.Background())
	produced := d.produce(prodCtx, "us-east", nil)
	if err := d.waitConsumed(60 * time.Second); err != nil {
		return err
	}
	// Steady state: the link translates the group's offsets to eu-west.
	if _, err := d.waitGroupSynced("eu-west", 10*rate, 90*time.Second); err != nil {
		return err
	}
	time.Sleep(10 * time.Second)

	// Phase 2: us-east is lost.
	failedAt := time.Now()
	if err := d.kill("us-east-1"); err != nil {
		return err
	}
	d.logf("killed us-east")
	// The clients on us-east notice by themselves; the fail-over starts at
	// once (the drill's failure detection takes no time: add yours).
	stopConsumer()
	stopProducer()
	applyAt := time.Now()
	if err := d.tf("apply", "-auto-approve", "-var", "active=secondary", "-var", `offline_clusters=["us-east"]`); err != nil {
		return err
	}
	r.FailoverApplyS = time.Since(applyAt).Seconds()
	<-consumed
	// The clients move at once; the old producer's writes still in flight to
	// the dead cluster are given up meanwhile (they count as unacknowledged).
	lostProducer := produced
	ctx, stopConsumer = context.WithCancel(context.Background())
	r.GroupBehindFail = d.groupBehind("eu-west")
	consumed = d.consume(ctx, "eu-west")
	prodCtx, stopProducer = context.WithCancel(context.Background())
	firstWrite := make(chan time.Time, 1)
	produced = d.produce(prodCtx, "eu-west", firstWrite)
	r.RTOSeconds = (<-firstWrite).Sub(failedAt).Seconds()
	d.logf("first write acknowledged on eu-west %.1fs after the failure", r.RTOSeconds)
	<-lostProducer
	d.mu.Lock()
	r.Produced = len(d.acked["us-east"])
	d.mu.Unlock()

	onEU, err := d.readAll("eu-west")
	if err != nil {
		return err
	}
	d.mu.Lock()
	lost := missing(d.acked["us-east"], onEU)
	d.mu.Unlock()
	r.RPORecords = len(lost)
	if len(lost) > 0 {
		// The records are written at a steady rate: the gap in seconds.
		r.RPOSeconds = float64(len(lost)) / rate
	}
	time.Sleep(15 * time.Second)
	d.mu.Lock()
	r.DuplicatesFail, r.UnseenFail = d.duplicates(), len(missing(d.acked["us-east"], d.seen))
	d.mu.Unlock()

	// Phase 3: us-east is back; the link copies eu-west into it.
	if err := d.labUp(); err != nil {
		return err
	}
	onUS, err := d.readAll("us-east")
	if err != nil {
		return err
	}
	r.RecoveredOnOld = len(lost) - len(missing(lost, onUS))
	if err := d.tf("apply", "-auto-approve", "-var", "active=secondary"); err != nil {
		return err
	}
	time.Sleep(10 * time.Second)
	// Planned fail-back: stop writes, let the link and the offsets catch up.
	stopProducer()
	<-produced
	pausedAt := time.Now()
	if r.CatchUpSeconds, err = d.waitCopied("eu-west", "us-east", 120*time.Second); err != nil {
		return err
	}
	stopConsumer()
	<-consumed
	if r.GroupSyncSeconds, err = d.waitGroupSynced("us-east", 2*rate, 120*time.Second); err != nil {
		return err
	}
	if err := d.tf("apply", "-auto-approve", "-var", "active=primary", "-var", "start_from=latest"); err != nil {
		return err
	}
	ctx, stopConsumer = context.WithCancel(context.Background())
	consumed = d.consume(ctx, "us-east")
	prodCtx, stopProducer = context.WithCancel(context.Background())
	firstWrite = make(chan time.Time, 1)
	produced = d.produce(prodCtx, "us-east", firstWrite)
	r.FailbackDowntimeS = (<-firstWrite).Sub(pausedAt).Seconds()
	time.Sleep(10 * time.Second)
	stopProducer()
	<-produced
	time.Sleep(10 * time.Second)
	stopConsumer()
	<-consumed

	onUS, err = d.readAll("us-east")
	if err != nil {
		return err
	}
	onEU, err = d.readAll("eu-west")
	if err != nil {
		return err
	}
	d.mu.Lock()
	r.FailbackLost = len(missing(d.acked["eu-west"], onUS))
	r.DuplicatesBack = d.duplicates() - r.DuplicatesFail
	var all []int
	for _, s := range d.acked {
		all = append(all, s...)
	}
	r.TotalAcked = len(all)
	r.UnseenTotal = len(missing(all, d.seen))
	d.mu.Unlock()
	for _, n := range onEU {
		if n > 1 {
			r.RecopiedOnEUWest++
		}
	}
	for _, n := range onUS {
		if n > 1 {
			r.RecopiedOnUSEast++
		}
	}
	return d.report(r)
}

// produce writes sequence-numbered records to the cluster at a steady rate
// until ctx ends or a write fails (the cluster is gone); the time of the
// first acknowledgement goes to first, when it is not nil.
func (d *drill) produce(ctx context.Context, cluster string, first chan<- time.Time) <-chan struct{} {
	done := make(chan struct{})
	cl, err := kgo.NewClient(kgo.SeedBrokers(d.servers[cluster]), kgo.RequiredAcks(kgo.AllISRAcks()),
		kgo.RecordDeliveryTimeout(5*time.Second), kgo.ProducerLinger(0))
	if err != nil {
		panic(err)
	}
	go func() {
		defer close(done)
		var wg sync.WaitGroup
		failed := make(chan struct{})
		var once, firstOnce sync.Once
		ended := false // guarded by d.mu: late acknowledgements are ignored
		tick := time.NewTicker(time.Second / rate)
		defer tick.Stop()
	loop:
		for {
			select {
			case <-ctx.Done():
				break loop
			case <-failed:
				break loop
			case <-tick.C:
			}
			d.mu.Lock()
			d.seq++
			n := d.seq
			d.mu.Unlock()
			wg.Add(1)
			cl.Produce(context.Background(), &kgo.Record{Topic: topic, Key: []byte(strconv.Itoa(n)), Value: []byte(d.tag + strconv.Itoa(n))}, func(_ *kgo.Record, err error) {
				defer wg.Done()
				if err != nil {
					once.Do(func() { d.logf("write to %s failed: %v", cluster, err); close(failed) })
					return
				}
				d.mu.Lock()
				if !ended {
					d.acked[cluster] = append(d.acked[cluster], n)
				}
				d.mu.Unlock()
				if first != nil {
					firstOnce.Do(func() { first <- time.Now() })
				}
			})
		}
		// Records still in flight to a dead cluster count as never
		// acknowledged: the producer gives up on them after a while.
		flushed := make(chan struct{})
		go func() { wg.Wait(); close(flushed) }()
		select {
		case <-flushed:
		case <-time.After(10 * time.Second):
		}
		d.mu.Lock()
		ended = true
		n := len(d.acked[cluster])
		d.mu.Unlock()
		go cl.Close() // may wait for a dead cluster
		d.logf("producer on %s stopped: %d acknowledged", cluster, n)
	}()
	return done
}

// consume reads as group fdr.risk-engine from the cluster, committing every
// second, until ctx ends.
func (d *drill) consume(ctx context.Context, cluster string) <-chan struct{} {
	done := make(chan struct{})
	cl, err := kgo.NewClient(kgo.SeedBrokers(d.servers[cluster]), kgo.ConsumerGroup(group), kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.AutoCommitInterval(time.Second))
	if err != nil {
		panic(err)
	}
	go func() {
		defer close(done)
		read := 0
		for ctx.Err() == nil {
			fs := cl.PollFetches(ctx)
			fs.EachRecord(func(r *kgo.Record) {
				n, ok := d.seqOf(r)
				if !ok {
					return
				}
				d.mu.Lock()
				d.seen[n]++
				d.mu.Unlock()
				read++
			})
		}
		// A clean stop commits what was read; after a crash nothing answers.
		closed := make(chan struct{})
		go func() { cl.Close(); close(closed) }()
		select {
		case <-closed:
		case <-time.After(5 * time.Second):
		}
		d.logf("consumer on %s stopped: %d records read", cluster, read)
	}()
	return done
}

// seqOf returns the sequence number of a record of this drill.
func (d *drill) seqOf(r *kgo.Record) (int, bool) {
	v, ok := strings.CutPrefix(string(r.Value), d.tag)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	return n, err == nil
}

// readAll counts every sequence number in the cluster's copy of the topic.
func (d *drill) readAll(cluster string) (map[int]int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cl, err := kgo.NewClient(kgo.SeedBrokers(d.servers[cluster]))
	if err != nil {
		return nil, err
	}
	defer cl.Close()
	ends, err := kadm.NewClient(cl).ListEndOffsets(ctx, topic)
	if err != nil {
		return nil, err
	}
	offsets := map[string]map[int32]kgo.Offset{topic: {}}
	want := map[int32]int64{}
	ends.Each(func(o kadm.ListedOffset) {
		if o.Offset > 0 {
			offsets[topic][o.Partition] = kgo.NewOffset().AtStart()
			want[o.Partition] = o.Offset
		}
	})
	out := map[int]int{}
	if len(want) == 0 {
		return out, nil
	}
	cl.AddConsumePartitions(offsets)
	for len(want) > 0 {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			return nil, fmt.Errorf("reading %s on %s: %w", topic, cluster, ctx.Err())
		}
		fs.EachRecord(func(r *kgo.Record) {
			if n, ok := d.seqOf(r); ok {
				out[n]++
			}
			if r.Offset+1 >= want[r.Partition] {
				delete(want, r.Partition)
			}
		})
	}
	return out, nil
}

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

// kill sends SIGKILL to a lab process, after checking the pid is the lab's.
func (d *drill) kill(name string) error {
	b, err := os.ReadFile(filepath.Join(d.root, ".lab/pids", name+".pid"))
	if err != nil {
		return err
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return err
	}
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil || !strings.Contains(string(cmdline), name+".properties") {
		return fmt.Errorf("pid %d is not the lab's %s", pid, name)
	}
	return syscall.Kill(pid, syscall.SIGKILL)
}

func (d *drill) labUp() error {
	d.logf("restarting us-east (lab/lab-up.sh)")
	cmd := exec.Command(filepath.Join(d.root, "lab/lab-up.sh"))
	cmd.Dir = d.root
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("lab-up: %w\n%s", err, out)
	}
	return nil
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

func (d *drill) report(r Report) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	path := filepath.Join(d.root, ".lab/drill/report.json")
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Printf(`
=== disaster-recovery drill (financial-dr, %d records/s, acks=all)
fail-over, us-east killed:
  acknowledged on us-east before the failure  %d
  RPO: acknowledged records missing on eu-west %d (%.2f s of writes)
  fail-over apply                              %.1f s
  RTO: failure to first write on eu-west       %.1f s
  group offsets behind the end on eu-west      %d
  duplicates seen by the consumer group        %d
  acknowledged but never consumed              %d
fail-back, us-east restarted:
  RPO records found again on us-east           %d
  reverse link caught up in                    %.1f s
  group offsets synced to us-east in           %.1f s
  records lost in the planned fail-back        %d
  writes paused for                            %.1f s
  duplicates seen by the consumer group        %d
in all: %d acknowledged, %d never consumed; records held twice: %d in us-east, %d in eu-west
report: %s
`, rate, r.Produced, r.RPORecords, r.RPOSeconds, r.FailoverApplyS, r.RTOSeconds, r.GroupBehindFail, r.DuplicatesFail, r.UnseenFail,
		r.RecoveredOnOld, r.CatchUpSeconds, r.GroupSyncSeconds, r.FailbackLost, r.FailbackDowntimeS, r.DuplicatesBack,
		r.TotalAcked, r.UnseenTotal, r.RecopiedOnUSEast, r.RecopiedOnEUWest, path)
	if r.FailbackLost > 0 {
		return errors.New("records were lost in the planned fail-back")
	}
	return nil
}
