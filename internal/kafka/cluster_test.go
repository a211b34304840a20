package kafka

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// The client layer against franz-go's in-process fake Kafka: it proves
// batching and retries, not broker semantics (kfake has no racks and accepts
// any config key).

func fakeCluster(t *testing.T, topics ...string) (*kfake.Cluster, *Cluster, *Stats) {
	t.Helper()
	fc, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(3, topics...))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fc.Close)
	stats := NewStats("")
	reg := NewRegistry(map[string]Config{"fake": {BootstrapServers: fc.ListenAddrs(), RequestTimeout: 5 * time.Second}}, nil, nil, stats)
	cl, err := reg.Cluster("")
	if err != nil {
		t.Fatal(err)
	}
	return fc, cl, stats
}

func TestRegistryIsLazyAndShared(t *testing.T) {
	// A cluster nobody can reach: building the registry and the client never dials.
	reg := NewRegistry(map[string]Config{"a": {BootstrapServers: []string{"127.0.0.1:1"}}, "b": {BootstrapServers: []string{"127.0.0.1:2"}}}, nil, nil, nil)
	a1, err := reg.Cluster("a")
	if err != nil {
		t.Fatal(err)
	}
	a2, _ := reg.Cluster("a")
	if a1 != a2 {
		t.Fatal("two clients for one cluster")
	}
	if _, err := reg.Cluster(""); err == nil || err.Error() != `the provider has several clusters (a, b): set cluster to one of them` {
		t.Fatalf("empty key with two clusters: %v", err)
	}
	if _, err := reg.Cluster("c"); err == nil || err.Error() != `cluster "c" is not configured in the provider; configured clusters: a, b` {
		t.Fatalf("unknown key: %v", err)
	}
	unk := NewRegistry(map[string]Config{}, []string{"later"}, nil, nil)
	if _, err := unk.Resolve("later"); !errors.Is(err, ErrNotKnownYet) {
		t.Fatalf("unknown config: %v", err)
	}
	if key, err := unk.Resolve(""); key != "later" || !errors.Is(err, ErrNotKnownYet) {
		t.Fatalf("the only cluster, not known yet, by an empty key: %q, %v", key, err)
	}
}

func TestRefreshOfManyTopicsCostsConstantRequests(t *testing.T) {
	names := make([]string, 300)
	for i := range names {
		names[i] = fmt.Sprintf("topic-%03d", i)
	}
	_, cl, stats := fakeCluster(t, names...)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, len(names))
	for _, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tp, err := cl.Topic(ctx, n)
			if err == nil && (tp == nil || len(tp.Partitions) != 3) {
				err = fmt.Errorf("topic %s: got %+v", n, tp)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	c := stats.Counts()
	if c["Metadata"] > 2 || c["DescribeConfigs"] != 1 {
		t.Fatalf("300 topic reads sent %d Metadata and %d DescribeConfigs requests, want at most 2 and 1", c["Metadata"], c["DescribeConfigs"])
	}
}

func TestConcurrentCreatesAndDeletesAreCoalesced(t *testing.T) {
	fc, cl, _ := fakeCluster(t)
	var creates, deletes, createdTopics atomic.Int32
	fc.ControlKey(int16(kmsg.CreateTopics), func(req kmsg.Request) (kmsg.Response, error, bool) {
		fc.KeepControl()
		creates.Add(1)
		createdTopics.Add(int32(len(req.(*kmsg.CreateTopicsRequest).Topics)))
		return nil, nil, false
	})
	fc.ControlKey(int16(kmsg.DeleteTopics), func(kmsg.Request) (kmsg.Response, error, bool) {
		fc.KeepControl()
		deletes.Add(1)
		return nil, nil, false
	})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	const n = 50
	run := func(fn func(name string) error) {
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := fn(fmt.Sprintf("new-%02d", i)); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
	}
	run(func(name string) error {
		_, err := cl.CreateTopic(ctx, CreateSpec{Name: name, Partitions: 2, ReplicationFactor: 1})
		return err
	})
	if createdTopics.Load() != n || creates.Load() > 3 {
		t.Fatalf("%d creates went out in %d CreateTopics requests (%d topics), want at most 3", n, creates.Load(), createdTopics.Load())
	}
	run(func(name string) error { return cl.DeleteTopic(ctx, name) })
	if deletes.Load() > 3 {
		t.Fatalf("%d deletes went out in %d DeleteTopics requests, want at most 3", n, deletes.Load())
	}
	all, err := cl.Topics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 0 {
		t.Fatalf("after deleting, %d topics remain", len(all))
	}
}

// A create waits for leaders on metadata alone, and the next read of the
// topic still brings its configs.
func TestReadAfterWriteIsFresh(t *testing.T) {
	_, cl, stats := fakeCluster(t, "a")
	ctx := context.Background()
	if tp, err := cl.Topic(ctx, "b"); err != nil || tp != nil {
		t.Fatalf("b before create: %v %v", tp, err)
	}
	described := stats.Counts()["DescribeConfigs"]
	if _, err := cl.CreateTopic(ctx, CreateSpec{Name: "b", Partitions: 1, ReplicationFactor: 1, Config: map[string]string{"retention.ms": "1000"}}); err != nil {
		t.Fatal(err)
	}
	if n := stats.Counts()["DescribeConfigs"] - described; n != 0 {
		t.Fatalf("the create sent %d DescribeConfigs, want none", n)
	}
	tp, err := cl.Topic(ctx, "b")
	if err != nil || tp == nil || tp.Config["retention.ms"].Value != "1000" {
		t.Fatalf("b after create: %+v %v", tp, err)
	}
	if _, err := cl.AddPartitions(ctx, "b", 4); err != nil {
		t.Fatal(err)
	}
	if tp, _ := cl.Topic(ctx, "b"); len(tp.Partitions) != 4 {
		t.Fatalf("partitions after raise: %d", len(tp.Partitions))
	}
}

func TestRetriableErrorsRetryUntilSuccess(t *testing.T) {
	fc, cl, _ := fakeCluster(t)
	var calls atomic.Int32
	fc.ControlKey(int16(kmsg.CreateTopics), func(req kmsg.Request) (kmsg.Response, error, bool) {
		fc.KeepControl()
		if calls.Add(1) > 2 {
			return nil, nil, false
		}
		r := req.(*kmsg.CreateTopicsRequest)
		resp := r.ResponseKind().(*kmsg.CreateTopicsResponse)
		for _, tp := range r.Topics {
			rt := kmsg.NewCreateTopicsResponseTopic()
			rt.Topic = tp.Topic
			rt.ErrorCode = kerr.NotController.Code
			resp.Topics = append(resp.Topics, rt)
		}
		return resp, nil, true
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := cl.CreateTopic(ctx, CreateSpec{Name: "x", Partitions: 1, ReplicationFactor: 1}); err != nil {
		t.Fatalf("create after two NOT_CONTROLLER answers: %v", err)
	}
	if calls.Load() != 3 {
		t.Fatalf("CreateTopics sent %d times, want 3", calls.Load())
	}
}

func TestRetriesStopAtTheDeadline(t *testing.T) {
	fc, cl, _ := fakeCluster(t)
	fc.ControlKey(int16(kmsg.CreateTopics), func(req kmsg.Request) (kmsg.Response, error, bool) {
		fc.KeepControl()
		r := req.(*kmsg.CreateTopicsRequest)
		resp := r.ResponseKind().(*kmsg.CreateTopicsResponse)
		for _, tp := range r.Topics {
			rt := kmsg.NewCreateTopicsResponseTopic()
			rt.Topic = tp.Topic
			rt.ErrorCode = kerr.LeaderNotAvailable.Code
			resp.Topics = append(resp.Topics, rt)
		}
		return resp, nil, true
	})
	ctx, cancel := context.WithTimeout(context.Background(), 700*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := cl.CreateTopic(ctx, CreateSpec{Name: "x", Partitions: 1, ReplicationFactor: 1})
	if !errors.Is(err, kerr.LeaderNotAvailable) {
		t.Fatalf("want the last Kafka error, got %v", err)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Fatalf("retries ran %v past a 700ms deadline", el)
	}
}

func TestNonRetriableErrorsFailAtOnceWithExplanation(t *testing.T) {
	fc, cl, _ := fakeCluster(t)
	var calls atomic.Int32
	fc.ControlKey(int16(kmsg.CreateTopics), func(req kmsg.Request) (kmsg.Response, error, bool) {
		fc.KeepControl()
		calls.Add(1)
		r := req.(*kmsg.CreateTopicsRequest)
		resp := r.ResponseKind().(*kmsg.CreateTopicsResponse)
		for _, tp := range r.Topics {
			rt := kmsg.NewCreateTopicsResponseTopic()
			rt.Topic = tp.Topic
			rt.ErrorCode = kerr.PolicyViolation.Code
			rt.ErrorMessage = kmsg.StringPtr("no topics on Fridays")
			resp.Topics = append(resp.Topics, rt)
		}
		return resp, nil, true
	})
	_, err := cl.CreateTopic(context.Background(), CreateSpec{Name: "x", Partitions: 1, ReplicationFactor: 1})
	if calls.Load() != 1 {
		t.Fatalf("a non-retriable error was retried %d times", calls.Load())
	}
	want := "Kafka error POLICY_VIOLATION: Request parameters do not satisfy the configured policy. The cluster's create/alter policy refused the change; ask the cluster operators what it allows. (broker said: no topics on Fridays)"
	if got := Explain(err); got != want {
		t.Fatalf("Explain = %q\nwant      %q", got, want)
	}
}
