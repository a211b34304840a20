package provider

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl/scram"
)

// Acceptance tests run the real terraform CLI against the real lab (make
// lab-up). With TF_ACC=1 and no lab they fail; they never skip.

var testAccProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"geokafka": withError(NewServer("test")),
}

// withError adapts a server constructor to the test framework's.
func withError(f func() tfprotov6.ProviderServer) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) { return f(), nil }
}

// labClusters maps cluster keys to the lab.env variable with their bootstrap
// servers and the region label the tests give them.
var labClusters = []struct{ key, env, region string }{
	{"us-east", "LAB_US_EAST_BOOTSTRAP", "us-east-1"},
	{"eu-west", "LAB_EU_WEST_BOOTSTRAP", "eu-west-1"},
	{"ap-south", "LAB_AP_SOUTH_BOOTSTRAP", "ap-south-1"},
	{"stretch", "LAB_STRETCH_BOOTSTRAP", "global"},
	{"legacy", "LAB_LEGACY_BOOTSTRAP", "us-east-1"},
}

// onEachRelease runs a test on a Kafka 4 cluster of the lab (KRaft) and on
// legacy, Kafka 3.9 in ZooKeeper mode: the releases every resource of one
// cluster is proven on.
func onEachRelease(t *testing.T, kraft string, test func(t *testing.T, cluster string)) {
	t.Helper()
	for _, c := range []string{kraft, "legacy"} {
		t.Run(c, func(t *testing.T) { test(t, c) })
	}
}

// secureEnv lists the lab.env variables of the secured listeners.
var secureEnv = []string{"LAB_CONNECT_URL", "LAB_SECURE_CONNECT_URL", "LAB_SECURE_CONNECT_USER", "LAB_SECURE_CONNECT_PASSWORD", "LAB_CONNECT_SECRETS_DIR", "LAB_SECURE_BOOTSTRAP", "LAB_SECURE_CA_FILE", "LAB_SECURE_SUPERUSER", "LAB_SECURE_SUPERUSER_PASSWORD",
	"LAB_MTLS_BOOTSTRAP", "LAB_MTLS_CERT_FILE", "LAB_MTLS_KEY_FILE", "LAB_LEGACY_SCRAM_BOOTSTRAP"}

func testAccPreCheck(t *testing.T) {
	t.Helper()
	vars := secureEnv
	for _, c := range labClusters {
		vars = append(vars, c.env)
	}
	for _, v := range vars {
		if os.Getenv(v) == "" {
			t.Fatalf("%s is not set: acceptance tests need the lab. Run `make lab-up` and `source .lab/lab.env` (or use `make testacc`).", v)
		}
	}
}

func bootstrap(key string) []string {
	for _, c := range labClusters {
		if c.key == key {
			return strings.Split(os.Getenv(c.env), ",")
		}
	}
	panic("unknown lab cluster " + key)
}

// labProviderConfig is a provider block with every lab cluster.
func labProviderConfig() string {
	var b strings.Builder
	b.WriteString("provider \"geokafka\" {\n  clusters = {\n")
	for _, c := range labClusters {
		servers := bootstrap(c.key)
		connectURL := ""
		if c.key != "stretch" {
			connectURL = fmt.Sprintf("      connect_url = %q\n", os.Getenv("LAB_CONNECT_URL"))
		}
		fmt.Fprintf(&b, "    %q = {\n      bootstrap_servers = [\"%s\"]\n      region = %q\n%s    }\n", c.key, strings.Join(servers, "\", \""), c.region, connectURL)
	}
	b.WriteString(secureClusters())
	b.WriteString("  }\n}\n")
	return b.String()
}

// secureClusters are extra cluster entries for the secured us-east
// listeners: "secure" (SASL_SSL, SCRAM-SHA-512 as the super user) and
// "mtls" (client certificate of a super user).
func secureClusters() string {
	return fmt.Sprintf(`    "secure" = {
      bootstrap_servers = [%[1]q]
      tls  = { ca_pem = file(%[2]q) }
      sasl = { mechanism = "SCRAM-SHA-512", username = %[3]q, password = %[4]q }
    }
    "mtls" = {
      bootstrap_servers = [%[5]q]
      tls = { ca_pem = file(%[2]q), cert_pem = file(%[6]q), key_pem = file(%[7]q) }
    }
`, os.Getenv("LAB_SECURE_BOOTSTRAP"), os.Getenv("LAB_SECURE_CA_FILE"), os.Getenv("LAB_SECURE_SUPERUSER"),
		os.Getenv("LAB_SECURE_SUPERUSER_PASSWORD"), os.Getenv("LAB_MTLS_BOOTSTRAP"), os.Getenv("LAB_MTLS_CERT_FILE"), os.Getenv("LAB_MTLS_KEY_FILE"))
}

// scramClient connects as user/password to the SCRAM listener of a lab
// cluster: "secure" (us-east's SASL_SSL listener) or "legacy" (SASL_PLAINTEXT).
func scramClient(t *testing.T, cluster, mechanism, user, password string, opts ...kgo.Opt) *kgo.Client {
	t.Helper()
	auth := scram.Auth{User: user, Pass: password}
	m := auth.AsSha512Mechanism()
	if mechanism == "SCRAM-SHA-256" {
		m = auth.AsSha256Mechanism()
	}
	base := []kgo.Opt{kgo.SASL(m), kgo.RetryTimeout(5 * time.Second), kgo.RequestRetries(1)}
	switch cluster {
	case "secure":
		ca, err := os.ReadFile(os.Getenv("LAB_SECURE_CA_FILE"))
		if err != nil {
			t.Fatal(err)
		}
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(ca)
		base = append(base, kgo.SeedBrokers(os.Getenv("LAB_SECURE_BOOTSTRAP")),
			kgo.DialTLSConfig(&tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}))
	case "legacy":
		base = append(base, kgo.SeedBrokers(os.Getenv("LAB_LEGACY_SCRAM_BOOTSTRAP")))
	default:
		t.Fatalf("lab cluster %q has no SCRAM listener", cluster)
	}
	cl, err := kgo.NewClient(append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return cl
}

// scramAdmin is the cluster key of the PLAINTEXT (super user) listener of the
// cluster behind a SCRAM listener.
func scramAdmin(cluster string) string {
	if cluster == "secure" {
		return "us-east"
	}
	return cluster
}

// errRe matches an error that contains each part in order. Terraform wraps
// long messages, so a space in a part matches any run of white space.
func errRe(parts ...string) *regexp.Regexp {
	quoted := make([]string, len(parts))
	for i, p := range parts {
		quoted[i] = strings.ReplaceAll(regexp.QuoteMeta(p), " ", `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}

// planError is a step whose plan must fail with an error matching parts.
func planError(cfg string, parts ...string) resource.TestStep {
	return resource.TestStep{Config: cfg, PlanOnly: true, ExpectError: errRe(parts...)}
}

func randomName(prefix string) string {
	return fmt.Sprintf("%s-%06d", prefix, rand.IntN(1000000))
}

// labClient is a plain franz-go client for out-of-band changes and checks.
func labClient(t *testing.T, key string, opts ...kgo.Opt) *kgo.Client {
	t.Helper()
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(bootstrap(key)...)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return cl
}

func labAdmin(t *testing.T, key string) *kadm.Client {
	return kadm.NewClient(labClient(t, key))
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// produce writes n records to a topic and waits for every acknowledgement.
func produce(t *testing.T, key, topic string, n int) {
	t.Helper()
	cl := labClient(t, key, kgo.RequiredAcks(kgo.AllISRAcks()))
	ctx := testCtx(t)
	recs := make([]*kgo.Record, n)
	for i := range recs {
		recs[i] = &kgo.Record{Topic: topic, Value: []byte(fmt.Sprintf("record-%d", i))}
	}
	if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
		t.Fatalf("produce to %s/%s: %v", key, topic, err)
	}
}

// consumeAll reads the topic from the start until n records arrived.
func consumeAll(t *testing.T, key, topic string, n int) int {
	t.Helper()
	cl := labClient(t, key, kgo.ConsumeTopics(topic), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	got := 0
	for got < n {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			break
		}
		got += fs.NumRecords()
	}
	return got
}

// topicConfig returns a topic's config overrides as the cluster reports them.
func topicConfig(t *testing.T, key, topic string) (map[string]string, error) {
	rcs, err := labAdmin(t, key).DescribeTopicConfigs(testCtx(t), topic)
	if err != nil {
		return nil, err
	}
	rc, err := rcs.On(topic, nil)
	if err != nil {
		return nil, err
	}
	if rc.Err != nil {
		return nil, rc.Err
	}
	out := map[string]string{}
	for _, c := range rc.Configs {
		if c.Source == 1 { // DYNAMIC_TOPIC_CONFIG
			out[c.Key] = c.MaybeValue()
		}
	}
	return out, nil
}

func topicDetail(t *testing.T, key, topic string) (kadm.TopicDetail, bool) {
	tds, err := labAdmin(t, key).ListTopics(testCtx(t), topic)
	if err != nil {
		t.Fatalf("list topics: %v", err)
	}
	td, ok := tds[topic]
	return td, ok && td.Err == nil
}

type kadmAlter = kadm.AlterConfig

func kadmSet(k, v string) kadm.AlterConfig {
	return kadm.AlterConfig{Op: kadm.SetConfig, Name: k, Value: &v}
}

// stateCheckFunc runs a plain function as a state check, for checks against
// the cluster itself (the legacy Check field cannot handle for_each).
type stateCheckFunc func() error

func (f stateCheckFunc) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f()
}

func upsertSCRAM(t *testing.T, adm *kadm.Client, user, password string, iterations int32) error {
	rs, err := adm.AlterUserSCRAMs(testCtx(t), nil, []kadm.UpsertSCRAM{{User: user, Mechanism: kadm.ScramSha512, Iterations: iterations, Password: password}})
	if err != nil {
		return err
	}
	return rs[user].Err
}

type kadmOffset = kadm.OffsetResponse
