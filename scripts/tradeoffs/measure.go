package main

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

const (
	regionalTopic = "tradeoffs.regional"
	spreadTopic   = "tradeoffs.stretched"
	pinnedTopic   = "tradeoffs.stretched-pinned"
)

// Stretch brokers by region (lab/lab-up.sh): 1 and 2 in us-east, 3 in
// eu-west, 4 in ap-south. Each partition has one replica per region; the
// first replica is the preferred leader.
var (
	spreadLayout = map[int32][]int32{0: {1, 3, 4}, 1: {3, 4, 2}, 2: {4, 2, 3}}
	pinnedLayout = map[int32][]int32{0: {1, 3, 4}, 1: {2, 4, 3}, 2: {1, 4, 3}}
)

type measurer struct {
	l          *lab
	o          options
	usEast     *kgo.Client // producer in us-east, to us-east
	stretch    *kgo.Client // producer in us-east, to stretch
	euWest     *kgo.Client // reader in eu-west, of eu-west
	linkDir    string
	copyTopic  string
	linkActive bool
}

func client(seeds []string, opts ...kgo.Opt) (*kgo.Client, error) {
	return kgo.NewClient(append([]kgo.Opt{
		kgo.SeedBrokers(seeds...),
		kgo.RequiredAcks(kgo.AllISRAcks()), // the default, said out loud
		kgo.ProducerLinger(0),
		kgo.RecordDeliveryTimeout(60 * time.Second),
	}, opts...)...)
}

func newMeasurer(ctx context.Context, l *lab, o options) (*measurer, error) {
	m := &measurer{l: l, o: o, linkDir: filepath.Join(l.root, "tradeoffs", "link")}
	var err error
	if m.usEast, err = client(addrs("us-east", "us-east")); err != nil {
		return nil, err
	}
	if m.stretch, err = client(addrs("stretch", "us-east")); err != nil {
		return nil, err
	}
	if m.euWest, err = client(addrs("eu-west", "eu-west")); err != nil {
		return nil, err
	}
	if err := m.createTopics(ctx); err != nil {
		return nil, err
	}
	if err := m.applyLink(); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *measurer) close() {
	if m.linkActive {
		if err := m.tf(m.linkDir, "destroy", "-auto-approve"); err != nil {
			logf("could not destroy the link: %v", err)
		}
	}
	m.usEast.Close()
	m.stretch.Close()
	m.euWest.Close()
}

// createTopics makes the measured topics anew, so every run starts empty.
func (m *measurer) createTopics(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	ue, st := kadm.NewClient(m.usEast), kadm.NewClient(m.stretch)
	_, _ = ue.DeleteTopics(ctx, regionalTopic)
	_, _ = st.DeleteTopics(ctx, spreadTopic, pinnedTopic)
	time.Sleep(time.Second) // deletions are asynchronous on the brokers
	if err := created(ue.CreateTopic(ctx, 1, 1, nil, regionalTopic)); err != nil {
		return err
	}
	minISR := "2"
	for name, layout := range map[string]map[int32][]int32{spreadTopic: spreadLayout, pinnedTopic: pinnedLayout} {
		req := kmsgCreate(name, layout, map[string]*string{"min.insync.replicas": &minISR})
		resp, err := req.RequestWith(ctx, m.stretch)
		if err != nil {
			return fmt.Errorf("create %s: %w", name, err)
		}
		if e := kerrOf(resp); e != nil {
			return fmt.Errorf("create %s: %w", name, e)
		}
	}
	logf("topics %s (us-east), %s and %s (stretch, replicas 1 per region, min.insync.replicas=2)", regionalTopic, spreadTopic, pinnedTopic)
	return nil
}

func created(r kadm.CreateTopicResponse, err error) error {
	if err != nil {
		return fmt.Errorf("create %s: %w", r.Topic, err)
	}
	return r.Err
}

// applyLink applies examples/tradeoffs from the CI runner's side.
func (m *measurer) applyLink() error {
	if err := os.MkdirAll(m.linkDir, 0o755); err != nil {
		return err
	}
	src, err := os.ReadFile("examples/tradeoffs/main.tf")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(m.linkDir, "main.tf"), src, 0o644); err != nil {
		return err
	}
	vars := fmt.Sprintf(`{"us_east": {"bootstrap": %s, "connect": %s}, "eu_west": {"bootstrap": %s, "connect": %s, "connect_url": %q}}`,
		jsonList(addrs("us-east", "ci")), jsonList(addrs("us-east", os.Getenv("LAB_CONNECT_REGION"))),
		jsonList(addrs("eu-west", "ci")), jsonList(addrs("eu-west", os.Getenv("LAB_CONNECT_REGION"))),
		os.Getenv("LAB_CONNECT_URL_FROM_CI"))
	if err := os.WriteFile(filepath.Join(m.linkDir, "terraform.tfvars.json"), []byte(vars), 0o644); err != nil {
		return err
	}
	_ = os.Remove(filepath.Join(m.linkDir, ".terraform.lock.hcl"))
	if err := m.tf(m.linkDir, "init", "-input=false"); err != nil {
		return err
	}
	m.linkActive = true
	if err := m.tf(m.linkDir, "apply", "-auto-approve", "-input=false"); err != nil {
		return err
	}
	out, err := m.tfOutput(m.linkDir, "copy")
	if err != nil {
		return err
	}
	m.copyTopic = out
	logf("link us-east -> eu-west copies %s to %s (Kafka Connect in %s)", "tradeoffs.async", m.copyTopic, os.Getenv("LAB_CONNECT_REGION"))
	return nil
}

func (m *measurer) tf(dir string, args ...string) error {
	cmd := exec.Command(m.l.terraform, append(args, "-no-color")...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+m.l.terraformrc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("terraform %s in %s: %w\n%s", args[0], dir, err, out)
	}
	return nil
}

func (m *measurer) tfOutput(dir, name string) (string, error) {
	cmd := exec.Command(m.l.terraform, "output", "-raw", name)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+m.l.terraformrc)
	out, err := cmd.Output()
	return strings.TrimSpace(string(out)), err
}

// measure takes one row of the table at the RTT the proxies have now.
func (m *measurer) measure(ctx context.Context, rtt time.Duration) (row, error) {
	r := row{RTTms: int(rtt.Milliseconds())}
	var err error
	for _, t := range []struct {
		dst   *latency
		cl    *kgo.Client
		topic string
	}{
		{&r.Regional, m.usEast, regionalTopic},
		{&r.Stretched, m.stretch, spreadTopic},
		{&r.StretchedPinned, m.stretch, pinnedTopic},
	} {
		if *t.dst, err = m.produceLatency(ctx, t.cl, t.topic); err != nil {
			return r, err
		}
		logf("  produce to %-27s p50 %6.1f ms  p99 %6.1f ms  (%d records)", t.topic, t.dst.P50ms, t.dst.P99ms, t.dst.Samples)
	}
	if r.Link, err = m.linkLatency(ctx); err != nil {
		return r, err
	}
	logf("  async link, end to end      p50 %6.1f ms  p99 %6.1f ms  (%d records)", r.Link.EndToEnd.P50ms, r.Link.EndToEnd.P99ms, r.Link.EndToEnd.Samples)
	logf("  async window (acknowledged on us-east, not on eu-west): mean %.1f, p99 %d, max %d records at %d records/s",
		r.Link.WindowMean, r.Link.WindowP99, r.Link.WindowMax, r.Link.RatePerSec)
	return r, nil
}

// produceLatency writes samples records one at a time and times each
// acknowledgement; partitions take turns.
func (m *measurer) produceLatency(ctx context.Context, cl *kgo.Client, topic string) (latency, error) {
	// A first record opens the connections, which are not what is measured.
	if err := cl.ProduceSync(ctx, &kgo.Record{Topic: topic, Value: []byte("warm-up")}).FirstErr(); err != nil {
		return latency{}, fmt.Errorf("produce to %s: %w", topic, err)
	}
	var ds []time.Duration
	for i := range m.o.samples {
		rec := &kgo.Record{Topic: topic, Partition: int32(i % 3), Value: []byte("x")}
		if topic == regionalTopic {
			rec.Partition = 0
		}
		t0 := time.Now()
		if err := cl.ProduceSync(ctx, rec).FirstErr(); err != nil {
			return latency{}, fmt.Errorf("produce to %s: %w", topic, err)
		}
		ds = append(ds, time.Since(t0))
	}
	return summarize(ds), nil
}

// linkLatency writes through the link at a steady rate: the consumer in
// eu-west times each record from its send to its arrival, and at random
// instants the window is how many records us-east has acknowledged that
// eu-west does not have yet.
func (m *measurer) linkLatency(ctx context.Context) (linkResult, error) {
	res := linkResult{RatePerSec: m.o.rate}
	adm := kadm.NewClient(m.euWest)
	base, err := m.copyEnd(ctx, adm)
	if err != nil {
		return res, err
	}
	var acked atomic.Int64
	cons, err := kgo.NewClient(kgo.SeedBrokers(addrs("eu-west", "eu-west")...),
		kgo.ConsumeTopics(m.copyTopic), kgo.ConsumePartitions(nil),
		kgo.ConsumeResetOffset(kgo.NewOffset().At(base)), kgo.FetchMaxWait(100*time.Millisecond))
	if err != nil {
		return res, err
	}
	defer cons.Close()

	runCtx, stop := context.WithCancel(ctx)
	var (
		mu    sync.Mutex
		e2e   []time.Duration
		wg    sync.WaitGroup
		total = int(m.o.linkFor.Seconds()) * m.o.rate
	)
	wg.Add(1)
	go func() { // the consumer
		defer wg.Done()
		for got := 0; got < total; {
			fs := cons.PollFetches(runCtx)
			if runCtx.Err() != nil {
				return
			}
			now := time.Now()
			fs.EachRecord(func(r *kgo.Record) {
				if len(r.Value) == 8 {
					sent := time.Unix(0, int64(binary.BigEndian.Uint64(r.Value)))
					mu.Lock()
					e2e = append(e2e, now.Sub(sent))
					mu.Unlock()
					got++
				}
			})
		}
	}()
	var windows []int64
	wg.Add(1)
	go func() { // the window sampler, at exponentially spaced instants
		defer wg.Done()
		for {
			select {
			case <-runCtx.Done():
				return
			case <-time.After(time.Duration(rand.ExpFloat64() * float64(200*time.Millisecond))):
			}
			a := acked.Load()
			end, err := m.copyEnd(runCtx, adm)
			if err != nil {
				continue
			}
			w := a - (end - base)
			mu.Lock()
			windows = append(windows, max(w, 0))
			mu.Unlock()
		}
	}()

	// The producer: a record every 1/rate seconds, each carrying its send time.
	tick := time.NewTicker(time.Second / time.Duration(m.o.rate))
	var perr atomic.Value
	for range total {
		<-tick.C
		v := make([]byte, 8)
		binary.BigEndian.PutUint64(v, uint64(time.Now().UnixNano()))
		m.usEast.Produce(ctx, &kgo.Record{Topic: "tradeoffs.async", Value: v}, func(_ *kgo.Record, err error) {
			if err != nil {
				perr.Store(err)
				return
			}
			acked.Add(1)
		})
	}
	tick.Stop()
	if err := m.usEast.Flush(ctx); err != nil {
		stop()
		return res, err
	}
	if e, _ := perr.Load().(error); e != nil {
		stop()
		return res, fmt.Errorf("produce to tradeoffs.async: %w", e)
	}
	// Give the last records time to arrive, then stop.
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		mu.Lock()
		n := len(e2e)
		mu.Unlock()
		if n >= total {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	stop()
	wg.Wait()
	if len(e2e) < total {
		return res, fmt.Errorf("only %d of %d records reached %s on eu-west within 30 s of the last send", len(e2e), total, m.copyTopic)
	}
	res.EndToEnd = summarize(e2e)
	sort.Slice(windows, func(i, j int) bool { return windows[i] < windows[j] })
	if len(windows) == 0 {
		return res, errors.New("no sample of the async window was taken")
	}
	var sum int64
	for _, w := range windows {
		sum += w
	}
	res.WindowSamples = len(windows)
	res.WindowMean = float64(sum) / float64(len(windows))
	res.WindowP99 = windows[rank(len(windows), 0.99)]
	res.WindowMax = windows[len(windows)-1]
	return res, nil
}

// copyEnd is the end offset of the copy's only partition on eu-west.
func (m *measurer) copyEnd(ctx context.Context, adm *kadm.Client) (int64, error) {
	ends, err := adm.ListEndOffsets(ctx, m.copyTopic)
	if err != nil {
		return 0, err
	}
	o, ok := ends.Lookup(m.copyTopic, 0)
	if !ok {
		return 0, fmt.Errorf("no end offset of %s on eu-west", m.copyTopic)
	}
	if o.Err != nil {
		return 0, fmt.Errorf("end offset of %s on eu-west: %w", m.copyTopic, o.Err)
	}
	return o.Offset, nil
}

func summarize(ds []time.Duration) latency {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	return latency{Samples: len(ds), P50ms: ms(ds[rank(len(ds), 0.50)]), P99ms: ms(ds[rank(len(ds), 0.99)])}
}

// rank is the nearest-rank index of quantile q in n sorted samples.
func rank(n int, q float64) int {
	i := int(float64(n)*q+0.999999) - 1
	return min(max(i, 0), n-1)
}

func jsonList(xs []string) string {
	return `["` + strings.Join(xs, `","`) + `"]`
}
