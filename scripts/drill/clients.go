package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// plain is how a client in the cluster's own region reaches it: its
// PLAINTEXT listener, as the lab's super user.
func (d *drill) plain(cluster string) []kgo.Opt {
	return []kgo.Opt{kgo.SeedBrokers(strings.Split(d.servers[cluster], ",")...)}
}

// secureListener is how a client reaches us-east's SASL_SSL listener: its
// address and the lab's CA. The caller adds the SASL mechanism.
func secureListener() ([]kgo.Opt, error) {
	ca, err := os.ReadFile(os.Getenv("LAB_SECURE_CA_FILE"))
	if err != nil {
		return nil, fmt.Errorf("the lab's CA (LAB_SECURE_CA_FILE): %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(ca) {
		return nil, errors.New("LAB_SECURE_CA_FILE holds no certificate")
	}
	return []kgo.Opt{kgo.SeedBrokers(os.Getenv("LAB_SECURE_BOOTSTRAP")),
		kgo.DialTLSConfig(&tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12})}, nil
}

// produce writes sequence-numbered records to the cluster, connected by
// conn, at a steady rate until ctx ends or a write fails (the cluster is
// gone, or the producer is no longer allowed to write); the time of the
// first acknowledgement goes to first, when it is not nil, and that of the
// first failure to d.failedAt.
func (d *drill) produce(ctx context.Context, cluster string, conn []kgo.Opt, first chan<- time.Time) <-chan struct{} {
	done := make(chan struct{})
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.RequiredAcks(kgo.AllISRAcks()),
		kgo.RecordDeliveryTimeout(5 * time.Second), kgo.ProducerLinger(0)}, conn...)...)
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
			rec := &kgo.Record{Topic: topic, Key: []byte(strconv.Itoa(n)), Value: []byte(d.tag + strconv.Itoa(n))}
			cl.Produce(context.Background(), rec, func(_ *kgo.Record, err error) {
				defer wg.Done()
				if err != nil {
					once.Do(func() {
						d.mu.Lock()
						d.failedAt[cluster] = time.Now()
						d.mu.Unlock()
						d.logf("write to %s failed: %v", cluster, err)
						close(failed)
					})
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
	cl, err := kgo.NewClient(append(d.plain(cluster), kgo.ConsumerGroup(group), kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.AutoCommitInterval(time.Second))...)
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

// readAll counts every sequence number in a topic of the cluster.
func (d *drill) readAll(cluster, topic string) (map[int]int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cl, err := kgo.NewClient(d.plain(cluster)...)
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
