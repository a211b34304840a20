package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestConfigFromEnv(t *testing.T) {
	if _, ok, err := configFromEnv(env(nil)); ok || err != nil {
		t.Fatalf("no GEOKAFKA_BOOTSTRAP_SERVERS: ok=%v err=%v, want no cluster", ok, err)
	}
	c, ok, err := configFromEnv(env(map[string]string{
		"GEOKAFKA_BOOTSTRAP_SERVERS": " a:9092, b:9092 ,",
		"GEOKAFKA_REGION":            "eu-west-1",
		"GEOKAFKA_SASL_MECHANISM":    "SCRAM-SHA-512",
		"GEOKAFKA_SASL_USERNAME":     "tf",
		"GEOKAFKA_SASL_PASSWORD":     "s3cret",
		"GEOKAFKA_TLS_ENABLED":       "true",
		"GEOKAFKA_REQUEST_TIMEOUT":   "45s",
	}))
	if err != nil || !ok {
		t.Fatalf("ok=%v err=%v", ok, err)
	}
	if strings.Join(c.BootstrapServers, ",") != "a:9092,b:9092" || c.Region != "eu-west-1" || c.TLS == nil || c.SASL == nil || c.RequestTimeout.Seconds() != 45 {
		t.Fatalf("unexpected config %+v", c)
	}
	if got := c.Secrets(); len(got) == 0 || got[0] != "s3cret" {
		t.Fatalf("secrets to mask = %v", got)
	}
}

func TestConfigFromEnvErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		env  map[string]string
		want string
	}{
		"bad bool":      {map[string]string{"GEOKAFKA_TLS_ENABLED": "yes please"}, `GEOKAFKA_TLS_ENABLED="yes please" is not a boolean`},
		"bad timeout":   {map[string]string{"GEOKAFKA_REQUEST_TIMEOUT": "soon"}, `GEOKAFKA_REQUEST_TIMEOUT "soon" is not a positive duration`},
		"bad mechanism": {map[string]string{"GEOKAFKA_SASL_MECHANISM": "GSSAPI"}, `sasl.mechanism "GSSAPI" is not one of PLAIN, SCRAM-SHA-256`},
		"bad ca":        {map[string]string{"GEOKAFKA_TLS_CA_PEM": "not a pem"}, "GEOKAFKA_TLS_CA_PEM (tls.ca_pem): holds no PEM certificate"},
		"cert alone":    {map[string]string{"GEOKAFKA_TLS_CERT_PEM": "x"}, "GEOKAFKA_TLS_KEY_PEM (tls.key_pem): tls.cert_pem and tls.key_pem go together"},
		"no password":   {map[string]string{"GEOKAFKA_SASL_MECHANISM": "SCRAM-SHA-512", "GEOKAFKA_SASL_USERNAME": "a"}, "GEOKAFKA_SASL_PASSWORD (sasl.password): SASL SCRAM-SHA-512 needs sasl.password"},
		"connect url":   {map[string]string{"GEOKAFKA_CONNECT_URL": "connect:8083"}, `GEOKAFKA_CONNECT_URL: "connect:8083" is not an http:// or https:// URL`},
		"connect user":  {map[string]string{"GEOKAFKA_CONNECT_URL": "https://c:8443", "GEOKAFKA_CONNECT_PASSWORD": "p"}, "GEOKAFKA_CONNECT_USERNAME (connect_auth.username): basic authentication needs the user name"},
		"connect ca":    {map[string]string{"GEOKAFKA_CONNECT_URL": "https://c:8443", "GEOKAFKA_CONNECT_CA_PEM": "x"}, "GEOKAFKA_CONNECT_CA_PEM (connect_tls.ca_pem): holds no PEM certificate"},
		"connect token": {map[string]string{"GEOKAFKA_CONNECT_URL": "https://c:8443", "GEOKAFKA_CONNECT_TOKEN": "t", "GEOKAFKA_CONNECT_USERNAME": "u"}, "GEOKAFKA_CONNECT_TOKEN (connect_auth.token): a bearer token replaces basic authentication"},
	} {
		t.Run(name, func(t *testing.T) {
			tc.env["GEOKAFKA_BOOTSTRAP_SERVERS"] = "a:9092"
			_, _, err := configFromEnv(env(tc.env))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestClusterBlockTLSSwitch(t *testing.T) {
	base := clusterModel{BootstrapServers: []types.String{types.StringValue("a:9093")}}
	for name, tc := range map[string]struct {
		tls    *tlsModel
		wantOn bool
	}{
		"no block":          {nil, false},
		"enabled":           {&tlsModel{Enabled: types.BoolValue(true)}, true},
		"settings only":     {&tlsModel{InsecureSkipVerify: types.BoolValue(true)}, true},
		"explicitly off":    {&tlsModel{Enabled: types.BoolValue(false), InsecureSkipVerify: types.BoolValue(true)}, false},
		"empty block is on": {&tlsModel{}, true},
	} {
		t.Run(name, func(t *testing.T) {
			m := base
			m.TLS = tc.tls
			c, known, err := m.toConfig()
			if err != nil || !known {
				t.Fatalf("known=%v err=%v", known, err)
			}
			if (c.TLS != nil) != tc.wantOn {
				t.Fatalf("TLS on = %v, want %v", c.TLS != nil, tc.wantOn)
			}
		})
	}
	m := base
	m.BootstrapServers = []types.String{types.StringUnknown()}
	if _, known, _ := m.toConfig(); known {
		t.Fatal("unknown bootstrap servers must leave the cluster unknown until apply")
	}
}

// TestProvider_configure runs the provider block through terraform: the
// default cluster from GEOKAFKA_* variables, and the block's plan errors.
func TestProvider_configure(t *testing.T) {
	e := newFakeEstate(t, "eu-west")
	topic := func(provider string) string {
		return provider + `
resource "geokafka_topic" "t" {
  name               = "from-env"
  partitions         = 1
  replication_factor = 1
}
`
	}
	// A resource makes terraform configure the provider.
	block := func(cluster string) string {
		return topic(`provider "geokafka" {
  clusters = { "eu-west" = ` + cluster + ` }
}
`)
	}
	servers := e.servers("eu-west")
	e.run(
		resource.TestStep{Config: block(`{ bootstrap_servers = [] }`), PlanOnly: true, ExpectError: errRe("Invalid Cluster Configuration", "bootstrap_servers is empty")},
		resource.TestStep{
			Config:      block(`{ bootstrap_servers = ["127.0.0.1:25091,127.0.0.1:25092"] }`),
			PlanOnly:    true,
			ExpectError: errRe("Invalid Broker Address", `clusters["eu-west"].bootstrap_servers[0]`, "several addresses"),
		},
		resource.TestStep{
			Config:      block(`{ bootstrap_servers = ` + servers + `, connect_url = "127.0.0.1:8083" }`),
			PlanOnly:    true,
			ExpectError: errRe("Invalid URL", `clusters["eu-west"].connect_url`, "not an http:// or https:// URL"),
		},
		resource.TestStep{
			Config:      block(`{ bootstrap_servers = ` + servers + `, request_timeout = "-1s" }`),
			PlanOnly:    true,
			ExpectError: errRe("Invalid Cluster Configuration", "not a positive duration"),
		},
		resource.TestStep{
			Config:      block(`{ bootstrap_servers = ` + servers + `, sasl = { mechanism = "PLAIN", username = "alice" } }`),
			PlanOnly:    true,
			ExpectError: errRe("Invalid Cluster Configuration", `clusters["eu-west"].sasl.password`, "SASL PLAIN needs sasl.password"),
		},
		resource.TestStep{
			Config:      block(`{ bootstrap_servers = ` + servers + `, sasl = { mechanism = "OAUTHBEARER", token = "t", password = "p" } }`),
			PlanOnly:    true,
			ExpectError: errRe("Invalid Cluster Configuration", `clusters["eu-west"].sasl.password`, "does not use sasl.password"),
		},
		resource.TestStep{
			Config:      block(`{ bootstrap_servers = ` + servers + `, sasl = { mechanism = "GSSAPI" } }`),
			PlanOnly:    true,
			ExpectError: errRe("mechanism"),
		},
		resource.TestStep{
			Config:      topic(`provider "geokafka" { clusters = { "bad key!" = { bootstrap_servers = ` + servers + ` } } }`),
			PlanOnly:    true,
			ExpectError: errRe("must be letters, digits"),
		},
		resource.TestStep{
			Config:      topic(e.provider(`  residency = [{ topics = "^eu\\.", allowed_clusters = ["mars"] }]` + "\n")),
			PlanOnly:    true,
			ExpectError: errRe("Invalid Residency Rule", `"mars" is not a key of clusters`),
		},
		resource.TestStep{
			Config:      topic(e.provider(`  residency = [{ topics = "eu^x", allowed_clusters = ["eu-west"] }]` + "\n")),
			PlanOnly:    true,
			ExpectError: errRe("Invalid Residency Rule", "residency[0].topics"),
		},
		resource.TestStep{
			PreConfig: func() { e.env["GEOKAFKA_BOOTSTRAP_SERVERS"] = strings.Join(e.kafka["eu-west"].ListenAddrs(), ",") },
			Config:    topic(`provider "geokafka" {}`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("geokafka_topic.t", tfjsonpath.New("id"), knownvalue.StringExact("default/from-env")),
			},
		},
		resource.TestStep{
			PreConfig:   func() { e.env["GEOKAFKA_REQUEST_TIMEOUT"] = "soon" },
			Config:      topic(`provider "geokafka" {}`),
			ExpectError: errRe("Invalid GEOKAFKA_", "GEOKAFKA_REQUEST_TIMEOUT"),
		},
		resource.TestStep{
			PreConfig: func() { delete(e.env, "GEOKAFKA_REQUEST_TIMEOUT") },
			Config:    topic(`provider "geokafka" {}`),
		},
	)
}

// TestProvider_settingKnownAtApply: a whole setting known only at apply (an
// object from a resource of the same apply) leaves the cluster unknown at
// plan, as an unknown address does, instead of failing to read the block;
// the topic is created at apply.
func TestProvider_settingKnownAtApply(t *testing.T) {
	e := newFakeEstate(t, "eu-west")
	e.run(resource.TestStep{
		Config: `provider "geokafka" {
  clusters = {
    "eu-west" = { bootstrap_servers = ` + e.servers("eu-west") + `, connect_url = "https://127.0.0.1:1", connect_auth = terraform_data.auth.output }
  }
}

resource "terraform_data" "auth" {
  input = { username = "u", password = "p", token = null }
}

resource "geokafka_topic" "t" {
  name               = "later"
  partitions         = 1
  replication_factor = 1
}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("geokafka_topic.t", tfjsonpath.New("id"), knownvalue.StringExact("eu-west/later")),
		},
	})
}

// TestProvider_residencyOnTopics: a topic a rule keeps elsewhere, or named
// as a copy of one, is refused at plan.
func TestProvider_residencyOnTopics(t *testing.T) {
	e := newFakeEstate(t, "us-east", "eu-west")
	rule := `  residency = [{ topics = "^eu\\.", allowed_clusters = ["eu-west"] }]` + "\n"
	topic := func(cluster, name string) string {
		return e.provider(rule) + fmt.Sprintf(`
resource "geokafka_topic" "t" {
  cluster            = %q
  name               = %q
  partitions         = 1
  replication_factor = 1
}
`, cluster, name)
	}
	e.run(
		resource.TestStep{Config: topic("us-east", "eu.pii"), PlanOnly: true, ExpectError: errRe("Topic Not Allowed On This Cluster", `Topic "eu.pii" matches`)},
		resource.TestStep{Config: topic("us-east", "eu-west.eu.pii"), PlanOnly: true, ExpectError: errRe("Topic Not Allowed On This Cluster", "named as a copy of")},
		resource.TestStep{Config: topic("eu-west", "eu.pii")},
	)
}
