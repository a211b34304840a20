package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
	"github.com/twmb/franz-go/pkg/sasl/scram"

	"github.com/geokafka/terraform-provider-geokafka/internal/wanlab"
)

// The estate's producer on us-east. It authenticates there, so removing
// its bindings stops its writes.
const producerUser = "fdr-trading-engine"

// runPartition is the split-brain timeline (see the package comment): the
// estate is reached as from the CI runner and Kafka Connect as from eu-west,
// so the partition cuts both off from us-east, while the clients of us-east
// reach it directly, as clients in its own region do.
func (d *drill) runPartition() (*PartitionReport, error) {
	r := &PartitionReport{}
	wan := wanlab.NewClient(os.Getenv("LAB_WAN_API"))
	before, err := wanlab.Load(os.Getenv("LAB_ROOT"))
	if err != nil {
		return nil, err
	}
	if err := d.wanVars(); err != nil {
		return nil, err
	}
	secure, removeUser, err := d.producerOnUSEast()
	if err != nil {
		return nil, err
	}
	defer removeUser()
	destroy, err := d.setUp()
	if err != nil {
		return nil, err
	}
	defer destroy()
	// Runs before destroy: the estate is destroyed with every region reachable.
	defer func() {
		if err := wan.Apply(context.Background(), before); err != nil {
			d.logf("could not heal the partition: %v", err)
		}
	}()

	// Phase 1: steady state on us-east.
	ctx, stopConsumer := context.WithCancel(context.Background())
	consumed := d.consume(ctx, "us-east")
	usCtx, stopUS := context.WithCancel(context.Background())
	defer stopUS()
	producedUS := d.produce(usCtx, "us-east", secure, nil)
	if err := d.waitConsumed(60 * time.Second); err != nil {
		return nil, err
	}
	if _, err := d.waitGroupSynced("eu-west", 10*rate, 90*time.Second); err != nil {
		return nil, err
	}
	time.Sleep(10 * time.Second)
	d.waitAllListed(60 * time.Second)

	// Phase 2: us-east is cut off, its producer writes on.
	cut := before
	cut.Partitioned = slices.Clone(before.Partitioned)
	cut.Partition("us-east")
	if err := wan.Apply(context.Background(), cut); err != nil {
		return nil, err
	}
	cutAt := time.Now()
	r.AckedBeforeCut = d.ackedOn("us-east")
	d.logf("us-east cut off from the other regions and from terraform; its producer writes on")
	stopConsumer()
	// The fail-over starts when the stretch cluster has fenced its cut-off
	// brokers: the failure is detected, as the cluster's own clients see it.
	d.waitFenced("us-east", 60*time.Second)
	applyAt := time.Now()
	if err := d.tf("apply", "-auto-approve", "-var", "active=secondary", "-var", `offline_clusters=["us-east"]`); err != nil {
		return nil, err
	}
	r.FailoverApplyS = time.Since(applyAt).Seconds()
	<-consumed
	d.mu.Lock()
	atFailover := slices.Clone(d.acked["us-east"])
	d.mu.Unlock()
	ctx, stopConsumer = context.WithCancel(context.Background())
	defer stopConsumer()
	consumed = d.consume(ctx, "eu-west")
	euCtx, stopEU := context.WithCancel(context.Background())
	defer stopEU()
	firstWrite := make(chan time.Time, 1)
	producedEU := d.produce(euCtx, "eu-west", d.plain("eu-west"), firstWrite)
	r.RTOSeconds = (<-firstWrite).Sub(cutAt).Seconds()
	d.logf("first write acknowledged on eu-west %.1fs after the partition", r.RTOSeconds)
	onEU, err := d.readAll("eu-west", topic)
	if err != nil {
		return nil, err
	}
	r.RPORecords = len(missing(atFailover, onEU))
	r.RPOSeconds = float64(r.RPORecords) / rate
	// Both regions take writes.
	time.Sleep(15 * time.Second)

	// Phase 3: the partition heals; us-east comes back with catch_up.
	if err := wan.Apply(context.Background(), before); err != nil {
		return nil, err
	}
	d.logf("partition healed")
	if err := d.waitConnect(2 * time.Minute); err != nil {
		return nil, err
	}
	applyAt = time.Now()
	if err := d.tf("apply", "-auto-approve", "-var", "active=secondary", "-var", "catch_up=true"); err != nil {
		return nil, err
	}
	select {
	case <-producedUS:
	case <-time.After(30 * time.Second):
		return nil, errors.New("the producer on us-east still writes 30 s after the apply that removed its bindings there")
	}
	d.mu.Lock()
	if d.failedAt["us-east"].Before(applyAt) {
		d.mu.Unlock()
		return nil, errors.New("the producer on us-east stopped before the apply that removed its bindings there (see its error above)")
	}
	r.FenceSeconds = d.failedAt["us-east"].Sub(applyAt).Seconds()
	r.SplitBrainAcked = len(d.acked["us-east"]) - len(atFailover)
	d.mu.Unlock()
	if r.CatchUp, err = d.recoverStranded(); err != nil {
		return nil, err
	}

	// Caught up: the catch-up link goes and the reverse link starts.
	if err := d.tf("apply", "-auto-approve", "-var", "active=secondary"); err != nil {
		return nil, err
	}
	time.Sleep(5 * time.Second)
	stopEU()
	<-producedEU
	if r.ReverseSeconds, err = d.waitCopied("eu-west", "us-east", topic, 120*time.Second); err != nil {
		return nil, err
	}
	time.Sleep(5 * time.Second)
	stopConsumer()
	<-consumed

	// Every acknowledged record is on eu-west, as written or as recovered.
	if onEU, err = d.readAll("eu-west", topic); err != nil {
		return nil, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, n := range d.acked["us-east"] {
		if onEU[n] == 0 && r.CatchUp.copies[n] == 0 {
			r.Lost++
		}
	}
	r.Lost += len(missing(d.acked["eu-west"], onEU))
	r.Duplicates = d.duplicates()
	r.TotalAckedUSEast, r.TotalAckedEUWest = len(d.acked["us-east"]), len(d.acked["eu-west"])
	return r, nil
}

// ackedOn counts the records acknowledged on a cluster so far.
func (d *drill) ackedOn(cluster string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.acked[cluster])
}

// wanVars writes the estate's variables for the WAN lab: every cluster at
// its addresses from the CI runner, where terraform runs, and from eu-west,
// where Kafka Connect runs.
func (d *drill) wanVars() error {
	from := func(loc string) (map[string][]string, error) {
		m := map[string][]string{}
		for _, c := range []string{"us-east", "eu-west", "ap-south", "stretch"} {
			v := os.Getenv(wanlab.BootstrapEnv(c, loc))
			if v == "" {
				return nil, fmt.Errorf("%s is not set: restart the lab (make lab-up)", wanlab.BootstrapEnv(c, loc))
			}
			m[c] = strings.Split(v, ",")
		}
		return m, nil
	}
	ci, err := from("ci")
	if err != nil {
		return err
	}
	connect, err := from(os.Getenv("LAB_CONNECT_REGION"))
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(map[string]any{
		"bootstrap_servers":         ci,
		"connect_bootstrap_servers": connect,
		"connect_url":               os.Getenv("LAB_CONNECT_URL_FROM_CI"),
	}, "", "  ")
	if err != nil {
		return err
	}
	d.varFile = filepath.Join(filepath.Dir(d.state), "wan.tfvars.json")
	return os.WriteFile(d.varFile, b, 0o644)
}

// producerOnUSEast gives the estate's producer a SCRAM credential on
// us-east and returns how it connects there (SASL_SSL) and what removes the
// credential.
func (d *drill) producerOnUSEast() ([]kgo.Opt, func(), error) {
	secure, err := secureListener()
	if err != nil {
		return nil, nil, err
	}
	secret := make([]byte, 16)
	if _, err := rand.Read(secret); err != nil {
		return nil, nil, err
	}
	pw := hex.EncodeToString(secret)
	cl, err := kgo.NewClient(d.plain("us-east")...)
	if err != nil {
		return nil, nil, err
	}
	adm := kadm.NewClient(cl)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := adm.AlterUserSCRAMs(ctx, nil, []kadm.UpsertSCRAM{{User: producerUser, Mechanism: kadm.ScramSha512, Iterations: 8192, Password: pw}})
	if err == nil {
		err = res.Error()
	}
	if err != nil {
		cl.Close()
		return nil, nil, fmt.Errorf("SCRAM credential of %s on us-east: %w", producerUser, err)
	}
	remove := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := adm.AlterUserSCRAMs(ctx, []kadm.DeleteSCRAM{{User: producerUser, Mechanism: kadm.ScramSha512}}, nil); err != nil {
			d.logf("could not remove the SCRAM credential of %s: %v", producerUser, err)
		}
		cl.Close()
	}
	opts := secure
	opts = append(opts, kgo.SASL(scram.Auth{User: producerUser, Pass: pw}.AsSha512Mechanism()))
	// The credential reaches the broker through the metadata log: wait
	// until it signs in, or the producer's first write would fail.
	for {
		err := signIn(ctx, opts)
		if err == nil {
			return opts, remove, nil
		}
		if ctx.Err() != nil {
			remove()
			return nil, nil, fmt.Errorf("%s cannot sign in to us-east: %w", producerUser, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// signIn connects with opts and asks for metadata once.
func signIn(ctx context.Context, opts []kgo.Opt) error {
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return err
	}
	defer cl.Close()
	return cl.Ping(ctx)
}

// waitConnect waits until Kafka Connect answers terraform again after the
// heal (its worker rejoins its group first).
func (d *drill) waitConnect(limit time.Duration) error {
	url := os.Getenv("LAB_CONNECT_URL_FROM_CI") + "/connectors"
	for began := time.Now(); ; time.Sleep(time.Second) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			cancel()
			return err
		}
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				cancel()
				return nil
			}
			err = errors.New(resp.Status)
		}
		cancel()
		if time.Since(began) > limit {
			return fmt.Errorf("no answer from Kafka Connect %s after the heal: %w", limit, err)
		}
	}
}

// waitFenced waits until the stretch cluster's brokers outside the region
// no longer list its brokers in the region: the controllers of the other
// regions have fenced them.
// Past limit, the drill fails over anyway, as an operator would.
func (d *drill) waitFenced(region string, limit time.Duration) {
	seeds := strings.Split(os.Getenv("LAB_STRETCH_BOOTSTRAP"), ",")
	began := time.Now()
	for {
		listed, err := brokersSeenOutside(seeds, region)
		if err == nil && !slices.ContainsFunc(listed, func(rack string) bool { return strings.HasPrefix(rack, region) }) {
			d.logf("the stretch cluster fenced its brokers in %s after %.1fs", region, time.Since(began).Seconds())
			return
		}
		if time.Since(began) > limit {
			if err == nil {
				err = fmt.Errorf("its brokers outside %s list the racks %v", region, listed)
			}
			d.logf("the stretch cluster did not fence its brokers in %s within %s (%v): failing over anyway", region, limit, err)
			return
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// waitAllListed waits until every broker of the stretch cluster lists all
// of them, so that the partition starts from a cluster with none fenced: a
// fencing measured after the cut is then the cut's. Past limit it logs what
// each broker lists and goes on.
func (d *drill) waitAllListed(limit time.Duration) {
	seeds := strings.Split(os.Getenv("LAB_STRETCH_BOOTSTRAP"), ",")
	began := time.Now()
	for {
		var short []string
		for _, seed := range seeds {
			racks, own, err := metadataOf(seed)
			switch {
			case err != nil:
				short = append(short, fmt.Sprintf("%s: %v", seed, err))
			case len(racks) < len(seeds):
				short = append(short, fmt.Sprintf("%s (rack %q) lists %v", seed, own, racks))
			}
		}
		if len(short) == 0 {
			if waited := time.Since(began); waited > time.Second {
				d.logf("the stretch cluster's %d brokers list each other after %.1fs", len(seeds), waited.Seconds())
			}
			return
		}
		if time.Since(began) > limit {
			d.logf("before the partition, the stretch cluster's %d brokers did not all list each other within %s (%s): cutting anyway",
				len(seeds), limit, strings.Join(short, "; "))
			return
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// brokersSeenOutside asks each broker at seeds (direct addresses, which no
// partition cuts) for metadata and returns the racks listed by the first
// one whose own rack is outside the region: a broker inside it only knows
// the metadata it had when it was cut off.
func brokersSeenOutside(seeds []string, region string) ([]string, error) {
	var errs []error
	for _, seed := range seeds {
		racks, own, err := metadataOf(seed)
		switch {
		case err != nil:
			errs = append(errs, err)
		case own != "" && !strings.HasPrefix(own, region):
			return racks, nil
		default:
			errs = append(errs, fmt.Errorf("%s (rack %q) lists %v", seed, own, racks))
		}
	}
	return nil, fmt.Errorf("no broker outside %s answered: %w", region, errors.Join(errs...))
}

// metadataOf asks the broker at addr, and only it, for metadata: the racks
// of the brokers it lists, and its own.
func metadataOf(addr string) (racks []string, own string, err error) {
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr))
	if err != nil {
		return nil, "", err
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	meta, err := kmsg.NewPtrMetadataRequest().RequestWith(ctx, cl.SeedBrokers()[0])
	if err != nil {
		return nil, "", err
	}
	for _, b := range meta.Brokers {
		if b.Rack == nil {
			continue
		}
		racks = append(racks, *b.Rack)
		if net.JoinHostPort(b.Host, strconv.Itoa(int(b.Port))) == addr {
			own = *b.Rack
		}
	}
	return racks, own, nil
}

// recoverStranded follows the apply that brought us-east back with
// catch_up = true: it counts the records acknowledged on us-east that
// eu-west lacks and waits until the catch-up link has copied them.
func (d *drill) recoverStranded() (*Recovery, error) {
	r := &Recovery{}
	var counted map[string]int64
	if err := d.output("stranded_records", &counted); err != nil {
		return nil, err
	}
	r.Counted = counted[topic]
	var copies map[string]string
	if err := d.output("catch_up_topics", &copies); err != nil {
		return nil, err
	}
	into := copies[topic]
	if into == "" {
		return nil, fmt.Errorf("the estate's catch_up_topics names no copy of %s: %v", topic, copies)
	}
	onEU, err := d.readAll("eu-west", topic)
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	stranded := missing(d.acked["us-east"], onEU)
	d.mu.Unlock()
	r.Stranded = len(stranded)
	began := time.Now()
	for {
		if r.copies, err = d.readAll("eu-west", into); err != nil {
			return nil, err
		}
		if len(missing(stranded, r.copies)) == 0 || time.Since(began) > 2*time.Minute {
			break
		}
		time.Sleep(time.Second)
	}
	r.Seconds = time.Since(began).Seconds()
	r.NotRecovered = len(missing(stranded, r.copies))
	r.Recovered = r.Stranded - r.NotRecovered
	for n := range r.copies {
		if onEU[n] > 0 {
			r.CopiedTwice++
		}
	}
	d.logf("%d acknowledged records only on us-east, %d of them in %s on eu-west after %.1fs", r.Stranded, r.Recovered, into, r.Seconds)
	return r, nil
}
