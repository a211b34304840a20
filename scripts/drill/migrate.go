package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl/scram"
)

// The migration scenario rehearses examples/estates/zk-to-kraft: two topics
// of the lab's legacy cluster (Kafka 3.9 on ZooKeeper) and their clients
// move to us-east (Kafka 4 on KRaft).
//
//  1. The old estate, as it stood before geokafka: the topics and the two
//     users' SCRAM credentials on legacy.
//  2. apply: the topics, users and quota on kraft, the ACLs on both, the
//     link legacy -> kraft. The producer writes on legacy, the consumer
//     group reads everything there and commits; both stop.
//  3. Wait until kraft holds every record and the group's offsets, and check
//     that a plan's check `caught_up` passes.
//  4. apply cut_over=true. The producer is refused on legacy and writes on
//     kraft; the group resumes there and must read exactly the new records.
//  5. Every record of legacy must be on kraft at the same partition and
//     offset; a record written on legacy after the cut-over makes the next
//     plan fail.
const (
	migrateProducer = "zkm-orders-svc"
	migrateConsumer = "zkm-billing"
	migrateRecords  = 600 // per topic, on legacy
	migrateNew      = 100 // on kraft, after the cut-over
)

// MigrationReport is what the migration scenario measured.
type MigrationReport struct {
	Records          int     `json:"records_on_legacy"`
	Consumed         int     `json:"records_consumed_on_legacy"`
	CopySeconds      float64 `json:"copied_to_kraft_seconds"`
	GroupSyncSeconds float64 `json:"group_offsets_synced_seconds"`
	CheckPassed      bool    `json:"check_caught_up_passed"`
	CutOverApplyS    float64 `json:"cut_over_apply_seconds"`
	LegacyRefused    bool    `json:"producer_refused_on_legacy_after_cut_over"`
	NewRecords       int     `json:"records_produced_on_kraft"`
	NewConsumed      int     `json:"new_records_consumed_on_kraft"`
	ReRead           int     `json:"old_records_read_again_on_kraft"`
	Missing          int     `json:"records_missing_on_kraft"`
	Misplaced        int     `json:"records_at_another_offset_on_kraft"`
	QuotaOnKraft     float64 `json:"producer_byte_rate_on_kraft"`
	StragglerRefused bool    `json:"plan_refused_after_a_straggler_on_legacy"`
}

// failures are the rehearsal's broken promises.
func (r *MigrationReport) failures() []error {
	var errs []error
	fail := func(bad bool, format string, args ...any) {
		if bad {
			errs = append(errs, fmt.Errorf("migration scenario: "+format, args...))
		}
	}
	fail(r.Consumed != r.Records, "the group read %d of the %d records on legacy", r.Consumed, r.Records)
	fail(!r.CheckPassed, "the check caught_up failed with kraft caught up")
	fail(r.Missing > 0, "%d records of legacy are not on kraft", r.Missing)
	fail(r.Misplaced > 0, "%d records are at another partition or offset on kraft", r.Misplaced)
	fail(!r.LegacyRefused, "the producer could still write on legacy after the cut-over")
	fail(r.ReRead > 0, "the group read %d records again on kraft", r.ReRead)
	fail(r.NewConsumed != r.NewRecords, "the group read %d of the %d new records on kraft", r.NewConsumed, r.NewRecords)
	fail(r.QuotaOnKraft != 1048576, "the producer's byte rate on kraft is %v, want 1048576", r.QuotaOnKraft)
	fail(!r.StragglerRefused, "a plan with a record on legacy that kraft lacks was not refused")
	return errs
}

type migration struct {
	*drill
	secure    []kgo.Opt // us-east's SASL_SSL listener
	topics    []string
	group     string
	passwords map[string]string
}

func (d *drill) runMigrate() (*MigrationReport, error) {
	r := &MigrationReport{}
	legacy, err := need("LAB_LEGACY_BOOTSTRAP")
	if err != nil {
		return nil, err
	}
	d.servers["legacy"] = legacy
	d.estate = filepath.Join(d.root, "examples/estates/zk-to-kraft")
	d.state = filepath.Join(d.root, ".lab/drill/migrate.tfstate")
	// Names of this run only: nothing an earlier run left in Kafka Connect or
	// in the groups applies to them.
	prefix := "zkm-" + d.tag
	m := &migration{drill: d, topics: []string{prefix + "orders", prefix + "payments"}, group: prefix + "billing",
		passwords: map[string]string{migrateProducer: secret(), migrateConsumer: secret()}}
	if m.secure, err = secureListener(); err != nil {
		return nil, err
	}
	d.varFile = filepath.Join(d.root, ".lab/drill/migrate.tfvars.json")
	vars, _ := json.Marshal(map[string]any{"name_prefix": prefix, "passwords": m.passwords, "force_destroy": true})
	if err := os.WriteFile(d.varFile, vars, 0o600); err != nil {
		return nil, err
	}
	defer os.Remove(d.varFile)

	cleanUp, err := m.oldEstate()
	if err != nil {
		return nil, err
	}
	defer cleanUp()
	if err := os.Remove(filepath.Join(d.estate, ".terraform.lock.hcl")); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	if err := d.tf("init"); err != nil {
		return nil, err
	}
	t0 := time.Now()
	if err := d.tf("apply", "-auto-approve"); err != nil {
		return nil, err
	}
	defer func() {
		if err := d.tf("destroy", "-auto-approve"); err != nil {
			d.logf("cleanup failed: %v", err)
		}
	}()

	onLegacy := m.scramOn("legacy", migrateProducer)
	for _, t := range m.topics {
		if err := m.produceN(onLegacy, t, migrateRecords, ""); err != nil {
			return nil, fmt.Errorf("producing on legacy: %w", err)
		}
		r.Records += migrateRecords
	}
	d.logf("the producer wrote %d records on legacy", r.Records)
	if r.Consumed, _, err = m.consumeGroup(m.scramOn("legacy", migrateConsumer), r.Records, ""); err != nil {
		return nil, fmt.Errorf("consuming on legacy: %w", err)
	}
	d.logf("the group %s read %d records on legacy and stopped", m.group, r.Consumed)

	if r.CopySeconds, err = m.waitCopied(t0, 2*time.Minute); err != nil {
		return nil, err
	}
	if r.GroupSyncSeconds, err = m.waitGroupOffsets(t0, 2*time.Minute); err != nil {
		return nil, err
	}
	out, err := d.tfOut("plan")
	if err != nil {
		return nil, err
	}
	r.CheckPassed = !strings.Contains(out, "caught_up")

	t1 := time.Now()
	if err := d.tf("apply", "-auto-approve", "-var", "cut_over=true"); err != nil {
		return nil, err
	}
	r.CutOverApplyS = time.Since(t1).Seconds()
	var where, state string
	if err := d.output("producer_cluster", &where); err != nil {
		return nil, err
	}
	if err := d.output("link_state", &state); err != nil {
		return nil, err
	}
	d.logf("cut over in %.1f s: the producer writes on %s, the link is %s", r.CutOverApplyS, where, state)

	err = m.produceN(onLegacy, m.topics[0], 1, "late-")
	r.LegacyRefused = errors.Is(err, kerr.TopicAuthorizationFailed)
	if !r.LegacyRefused {
		d.logf("writing on legacy after the cut-over gave %v, want TOPIC_AUTHORIZATION_FAILED", err)
	}
	onKraft := m.scramOn("us-east", migrateProducer)
	if err := m.produceN(onKraft, m.topics[0], migrateNew, "new-"); err != nil {
		return nil, fmt.Errorf("producing on kraft after the cut-over: %w", err)
	}
	r.NewRecords = migrateNew
	var old int
	if r.NewConsumed, old, err = m.consumeGroup(m.scramOn("us-east", migrateConsumer), migrateNew, "new-"); err != nil {
		return nil, fmt.Errorf("consuming on kraft: %w", err)
	}
	r.ReRead = old
	if r.Missing, r.Misplaced, err = m.compareCopies(); err != nil {
		return nil, err
	}
	if r.QuotaOnKraft, err = m.producerByteRate(); err != nil {
		return nil, err
	}
	// A record written on legacy after the cut-over (by its super user) would
	// never be copied: the next plan must say so and refuse.
	if err := m.produceN(m.plain("legacy"), m.topics[1], 1, "straggler-"); err != nil {
		return nil, err
	}
	_, err = d.tfOut("plan", "-var", "cut_over=true")
	r.StragglerRefused = err != nil && strings.Contains(err.Error(), "lacks 1 records of legacy") && strings.Contains(err.Error(), "caught_up")
	d.logf("a plan after a straggler on legacy: refused %v", r.StragglerRefused)
	return r, nil
}

func need(k string) (string, error) {
	if v := os.Getenv(k); v != "" {
		return v, nil
	}
	return "", fmt.Errorf("%s is not set: source .lab/lab.env (make drill does)", k)
}

func secret() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// admin runs f with an admin client on the cluster's PLAINTEXT listener.
func (m *migration) admin(cluster string, f func(ctx context.Context, adm *kadm.Client) error) error {
	cl, err := kgo.NewClient(m.plain(cluster)...)
	if err != nil {
		return err
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	return f(ctx, kadm.NewClient(cl))
}

// oldEstate makes the topics and users of legacy as they stood before the
// move, and returns what removes them.
func (m *migration) oldEstate() (func(), error) {
	var ups []kadm.UpsertSCRAM
	for u, pw := range m.passwords {
		ups = append(ups, kadm.UpsertSCRAM{User: u, Mechanism: kadm.ScramSha512, Iterations: 4096, Password: pw})
	}
	err := m.admin("legacy", func(ctx context.Context, adm *kadm.Client) error {
		if _, err := adm.CreateTopic(ctx, 3, 1, nil, m.topics[0]); err != nil {
			return err
		}
		if _, err := adm.CreateTopic(ctx, 1, 1, nil, m.topics[1]); err != nil {
			return err
		}
		res, err := adm.AlterUserSCRAMs(ctx, nil, ups)
		if err == nil {
			err = res.Error()
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("the old estate on legacy: %w", err)
	}
	m.logf("legacy holds %s and the SCRAM users %s and %s", strings.Join(m.topics, ", "), migrateProducer, migrateConsumer)
	return func() {
		var dels []kadm.DeleteSCRAM
		for u := range m.passwords {
			dels = append(dels, kadm.DeleteSCRAM{User: u, Mechanism: kadm.ScramSha512})
		}
		err := m.admin("legacy", func(ctx context.Context, adm *kadm.Client) error {
			_, err1 := adm.DeleteTopics(ctx, m.topics...)
			_, err2 := adm.AlterUserSCRAMs(ctx, dels, nil)
			_, err3 := adm.DeleteGroups(ctx, m.group)
			return errors.Join(err1, err2, err3)
		})
		if err == nil {
			err = m.admin("us-east", func(ctx context.Context, adm *kadm.Client) error {
				_, err := adm.DeleteGroups(ctx, m.group)
				return err
			})
		}
		if err != nil {
			m.logf("could not remove the old estate: %v", err)
		}
	}, nil
}

// scramOn is how a user of the estate signs in: SASL_PLAINTEXT on legacy,
// SASL_SSL on us-east (kraft).
func (m *migration) scramOn(cluster, user string) []kgo.Opt {
	mech := kgo.SASL(scram.Auth{User: user, Pass: m.passwords[user]}.AsSha512Mechanism())
	if cluster == "legacy" {
		return []kgo.Opt{kgo.SeedBrokers(os.Getenv("LAB_LEGACY_SCRAM_BOOTSTRAP")), mech}
	}
	return append(slices.Clip(m.secure), mech)
}

// produceN writes n records "<tag><kind><i>" with acks=all and waits for
// every acknowledgement.
func (m *migration) produceN(conn []kgo.Opt, topic string, n int, kind string) error {
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.RequiredAcks(kgo.AllISRAcks()), kgo.RecordDeliveryTimeout(10 * time.Second),
		kgo.RecordPartitioner(kgo.RoundRobinPartitioner())}, conn...)...)
	if err != nil {
		return err
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	recs := make([]*kgo.Record, n)
	for i := range recs {
		recs[i] = &kgo.Record{Topic: topic, Value: fmt.Appendf(nil, "%s%s%d", m.tag, kind, i)}
	}
	return cl.ProduceSync(ctx, recs...).FirstErr()
}

// consumeGroup reads every topic with the estate's group until it has seen
// want records whose value carries kind, commits and leaves the group; it
// returns those and the others it read.
func (m *migration) consumeGroup(conn []kgo.Opt, want int, kind string) (matching, other int, err error) {
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.ConsumeTopics(m.topics...), kgo.ConsumerGroup(m.group),
		kgo.DisableAutoCommit(), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart())}, conn...)...)
	if err != nil {
		return 0, 0, err
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for matching < want {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			return matching, other, fmt.Errorf("%d of %d records within 60 s", matching, want)
		}
		var ferr error
		fs.EachError(func(_ string, _ int32, err error) { ferr = err })
		if ferr != nil {
			return matching, other, ferr
		}
		fs.EachRecord(func(r *kgo.Record) {
			if rest, ok := strings.CutPrefix(string(r.Value), m.tag+kind); ok && (kind != "" || !strings.HasPrefix(rest, "new-")) {
				matching++
			} else {
				other++
			}
		})
	}
	// A re-read of a partition without matching records would come later:
	// poll a little longer.
	wait, stop := context.WithTimeout(ctx, 3*time.Second)
	defer stop()
	cl.PollFetches(wait).EachRecord(func(*kgo.Record) { other++ })
	return matching, other, cl.CommitUncommittedOffsets(ctx)
}

// ends lists the end offset of every partition of the estate's topics.
func (m *migration) ends(cluster string) (map[string]map[int32]int64, error) {
	out := map[string]map[int32]int64{}
	err := m.admin(cluster, func(ctx context.Context, adm *kadm.Client) error {
		ends, err := adm.ListEndOffsets(ctx, m.topics...)
		if err == nil {
			err = ends.Error()
		}
		ends.Each(func(o kadm.ListedOffset) {
			if out[o.Topic] == nil {
				out[o.Topic] = map[int32]int64{}
			}
			out[o.Topic][o.Partition] = o.Offset
		})
		return err
	})
	return out, err
}

// waitCopied waits until kraft's topics end where legacy's do.
func (m *migration) waitCopied(since time.Time, limit time.Duration) (float64, error) {
	want, err := m.ends("legacy")
	if err != nil {
		return 0, err
	}
	for deadline := time.Now().Add(limit); ; time.Sleep(500 * time.Millisecond) {
		got, err := m.ends("us-east")
		if err == nil && fmt.Sprint(got) == fmt.Sprint(want) {
			s := time.Since(since).Seconds()
			m.logf("kraft holds every record %.1f s after the first apply began", s)
			return s, nil
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("kraft ends at %v, legacy at %v, after %s", got, want, limit)
		}
	}
}

// committed reads the group's committed offsets on a cluster.
func (m *migration) committed(cluster string) (map[string]map[int32]int64, error) {
	out := map[string]map[int32]int64{}
	err := m.admin(cluster, func(ctx context.Context, adm *kadm.Client) error {
		offs, err := adm.FetchOffsets(ctx, m.group)
		if err != nil {
			return err
		}
		offs.Each(func(o kadm.OffsetResponse) {
			if out[o.Topic] == nil {
				out[o.Topic] = map[int32]int64{}
			}
			out[o.Topic][o.Partition] = o.At
		})
		return nil
	})
	return out, err
}

// waitGroupOffsets waits until the group's offsets on kraft are the ones it
// committed on legacy.
func (m *migration) waitGroupOffsets(since time.Time, limit time.Duration) (float64, error) {
	want, err := m.committed("legacy")
	if err != nil {
		return 0, err
	}
	for deadline := time.Now().Add(limit); ; time.Sleep(500 * time.Millisecond) {
		got, err := m.committed("us-east")
		if err == nil && fmt.Sprint(got) == fmt.Sprint(want) {
			s := time.Since(since).Seconds()
			m.logf("the group's offsets are on kraft %.1f s after the first apply began", s)
			return s, nil
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("the group's offsets on kraft are %v, on legacy %v, after %s", got, want, limit)
		}
	}
}

// compareCopies reads both clusters: every record of legacy must be on
// kraft at the same partition and offset.
func (m *migration) compareCopies() (missing, misplaced int, err error) {
	type at struct {
		p int32
		o int64
	}
	read := func(cluster string) (map[string]at, error) {
		out := map[string]at{}
		for _, t := range m.topics {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			cl, err := kgo.NewClient(append(m.plain(cluster), kgo.ConsumeTopics(t), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))...)
			if err != nil {
				return nil, err
			}
			n := 0
			for n < migrateRecords {
				fs := cl.PollFetches(ctx)
				if ctx.Err() != nil {
					break
				}
				fs.EachRecord(func(r *kgo.Record) {
					if v := string(r.Value); strings.HasPrefix(v, m.tag) && !strings.Contains(v, "new-") {
						out[t+"/"+v] = at{r.Partition, r.Offset}
						n++
					}
				})
			}
			cl.Close()
		}
		return out, nil
	}
	was, err := read("legacy")
	if err != nil {
		return 0, 0, err
	}
	is, err := read("us-east")
	if err != nil {
		return 0, 0, err
	}
	for k, w := range was {
		switch got, ok := is[k]; {
		case !ok:
			missing++
		case got != w:
			misplaced++
		}
	}
	m.logf("%d records on legacy: %d missing on kraft, %d at another offset", len(was), missing, misplaced)
	return missing, misplaced, nil
}

// producerByteRate reads the producer's quota on kraft.
func (m *migration) producerByteRate() (float64, error) {
	var rate float64
	user := migrateProducer
	err := m.admin("us-east", func(ctx context.Context, adm *kadm.Client) error {
		ds, err := adm.DescribeClientQuotas(ctx, true, []kadm.DescribeClientQuotaComponent{{Type: "user", MatchName: &user}})
		for _, d := range ds {
			for _, v := range d.Values {
				if v.Key == "producer_byte_rate" {
					rate = v.Value
				}
			}
		}
		return err
	})
	return rate, err
}
