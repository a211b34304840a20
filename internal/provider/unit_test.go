package provider

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/geokafka/terraform-provider-geokafka/internal/connect/connecttest"
)

// Unit tests run the provider's plan, apply, read and import logic through
// the real terraform CLI, against in-process fakes: kfake clusters and a
// fake Kafka Connect. They prove the requests and the mapping between
// Terraform and Kafka. kfake never proves what only a real broker can
// (replica placement, racks, config validation): that stays in TestAcc*.

func TestMain(m *testing.M) {
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		cache := os.Getenv("GEOKAFKA_CACHE")
		if cache == "" {
			home, _ := os.UserHomeDir()
			cache = filepath.Join(home, ".cache", "geokafka")
		}
		if p := filepath.Join(cache, "bin", "terraform"); fileExists(p) {
			_ = os.Setenv("TF_ACC_TERRAFORM_PATH", p)
		}
	}
	_ = os.Setenv("CHECKPOINT_DISABLE", "1")
	os.Exit(m.Run())
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// fakeEstate is a set of kfake clusters by key, all with the one fake
// Connect as connect_url, and the environment the provider reads.
type fakeEstate struct {
	t       *testing.T
	kafka   map[string]*kfake.Cluster
	connect *connecttest.Connect
	env     map[string]string
	// noConnect are the keys given no connect_url.
	noConnect map[string]bool
	// clusterExtra is more HCL for a key's cluster block.
	clusterExtra map[string]string
}

// newFakeEstate starts a 3-broker kfake cluster for every key.
func newFakeEstate(t *testing.T, keys ...string) *fakeEstate {
	t.Helper()
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		if _, err := exec.LookPath("terraform"); err != nil {
			t.Fatal("unit tests of the provider run the terraform CLI: run `make terraform`, or set TF_ACC_TERRAFORM_PATH")
		}
	}
	e := &fakeEstate{t: t, kafka: map[string]*kfake.Cluster{}, connect: connecttest.New(t), env: map[string]string{}, noConnect: map[string]bool{}, clusterExtra: map[string]string{}}
	for _, k := range keys {
		c, err := kfake.NewCluster(kfake.NumBrokers(3))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(c.Close)
		e.kafka[k] = c
	}
	return e
}

// servers is the HCL list of a cluster's broker addresses.
func (e *fakeEstate) servers(key string) string {
	return `["` + strings.Join(e.kafka[key].ListenAddrs(), `", "`) + `"]`
}

// provider is a provider block with every cluster of the estate, then extra
// lines (residency rules, say).
func (e *fakeEstate) provider(extra string) string { return e.providerOffline(extra) }

// providerOffline is provider with the clusters offline marked offline, at
// an address where nothing listens.
func (e *fakeEstate) providerOffline(extra string, offline ...string) string {
	keys := make([]string, 0, len(e.kafka))
	for k := range e.kafka {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("provider \"geokafka\" {\n  clusters = {\n")
	for _, k := range keys {
		servers, connectURL := e.servers(k), fmt.Sprintf(", connect_url = %q", e.connect.URL)
		if e.noConnect[k] {
			connectURL = ""
		}
		if slices.Contains(offline, k) {
			servers, connectURL = `["127.0.0.1:1"], offline = true`, `, connect_url = "http://127.0.0.1:1"`
		}
		fmt.Fprintf(&b, "    %q = { bootstrap_servers = %s, region = %q%s%s }\n", k, servers, k+"-1", connectURL, e.clusterExtra[k])
	}
	b.WriteString("  }\n" + extra + "}\n")
	return b.String()
}

// providers serves the provider with the estate's environment.
func (e *fakeEstate) providers() map[string]func() (tfprotov6.ProviderServer, error) {
	getenv := func(k string) string { return e.env[k] }
	return map[string]func() (tfprotov6.ProviderServer, error){
		"geokafka": withError(serverOf(newProvider("test", getenv))),
	}
}

// run runs the steps through terraform against the estate.
func (e *fakeEstate) run(steps ...resource.TestStep) {
	e.t.Helper()
	resource.UnitTest(e.t, resource.TestCase{ProtoV6ProviderFactories: e.providers(), Steps: steps})
}

// admin is an admin client of one cluster, for setting up drift and for
// checking what the provider did.
func (e *fakeEstate) admin(key string) *kadm.Client {
	e.t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(e.kafka[key].ListenAddrs()...))
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(cl.Close)
	return kadm.NewClient(cl)
}

// topic returns a topic's partition count and replication factor, or -1s
// when it does not exist.
func (e *fakeEstate) topic(key, name string) (partitions, rf int) {
	e.t.Helper()
	td, err := e.admin(key).ListTopics(context.Background(), name)
	if err != nil {
		e.t.Fatal(err)
	}
	d, ok := td[name]
	if !ok || d.Err != nil {
		return -1, -1
	}
	return len(d.Partitions), d.Partitions.NumReplicas()
}

// produce writes n records to one partition of a topic.
func (e *fakeEstate) produce(key, topic string, partition int32, n int) {
	e.t.Helper()
	e.produceAt(key, topic, partition, make([]time.Time, n)...)
}

// produceAt writes one record per timestamp (zero: now).
func (e *fakeEstate) produceAt(key, topic string, partition int32, ts ...time.Time) {
	e.t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(e.kafka[key].ListenAddrs()...), kgo.RecordPartitioner(kgo.ManualPartitioner()))
	if err != nil {
		e.t.Fatal(err)
	}
	defer cl.Close()
	recs := make([]*kgo.Record, len(ts))
	for i := range recs {
		recs[i] = &kgo.Record{Topic: topic, Partition: partition, Value: []byte("v"), Timestamp: ts[i]}
	}
	if err := cl.ProduceSync(context.Background(), recs...).FirstErr(); err != nil {
		e.t.Fatal(err)
	}
}

// createTopic creates a topic with rf 1 outside the provider.
func (e *fakeEstate) createTopic(key, name string, partitions int32) {
	e.t.Helper()
	if _, err := e.admin(key).CreateTopic(context.Background(), partitions, 1, nil, name); err != nil {
		e.t.Fatal(err)
	}
}
