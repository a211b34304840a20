package provider

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/geokafka/terraform-provider-geokafka/internal/connect"
)

// secureConnectProvider is a provider block whose links run on the lab's
// secured Connect worker (HTTPS, basic authentication as connectPassword):
// out of us-east's SASL_SSL ("secure") and mutual TLS ("mtls") listeners,
// whose password and client key the connectors reference in the worker's
// DirectoryConfigProvider (with refs) or carry inline, into eu-west and
// ap-south.
func secureConnectProvider(connectPassword string, refs bool) string {
	dir := os.Getenv("LAB_CONNECT_SECRETS_DIR")
	secrets := func(attr, file string) string {
		if !refs {
			return ""
		}
		return fmt.Sprintf("\n      connect_secrets = { %s = \"dir:%s/%s\" }", attr, filepath.ToSlash(dir), file)
	}
	connectBlock := fmt.Sprintf(`
      connect_url  = %q
      connect_tls  = { ca_pem = file(%q) }
      connect_auth = { username = %q, password = %q }`,
		os.Getenv("LAB_SECURE_CONNECT_URL"), os.Getenv("LAB_SECURE_CA_FILE"), os.Getenv("LAB_SECURE_CONNECT_USER"), connectPassword)
	return fmt.Sprintf(`provider "geokafka" {
  clusters = {
    "secure" = {
      bootstrap_servers = [%[1]q]
      tls             = { ca_pem = file(%[2]q) }
      sasl            = { mechanism = "SCRAM-SHA-512", username = %[3]q, password = %[4]q }%[8]s
    }
    "mtls" = {
      bootstrap_servers = [%[5]q]
      tls             = { ca_pem = file(%[2]q), cert_pem = file(%[6]q), key_pem = file(%[7]q) }%[12]s
    }
    "eu-west"  = { bootstrap_servers = [%[9]q]%[11]s
    }
    "ap-south" = { bootstrap_servers = [%[10]q]%[11]s
    }
  }
}
`, os.Getenv("LAB_SECURE_BOOTSTRAP"), os.Getenv("LAB_SECURE_CA_FILE"), os.Getenv("LAB_SECURE_SUPERUSER"), os.Getenv("LAB_SECURE_SUPERUSER_PASSWORD"),
		os.Getenv("LAB_MTLS_BOOTSTRAP"), os.Getenv("LAB_MTLS_CERT_FILE"), os.Getenv("LAB_MTLS_KEY_FILE"), secrets("password", "secure:password"),
		bootstrap("eu-west")[0], bootstrap("ap-south")[0], connectBlock, secrets("key_pem", "mtls:key_pem"))
}

// secureConnectClient reads the secured worker's REST API as the lab user.
func secureConnectClient(t *testing.T) *connect.Client {
	t.Helper()
	ca, err := os.ReadFile(os.Getenv("LAB_SECURE_CA_FILE"))
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(ca)
	return connect.NewClient(connect.Endpoint{URL: os.Getenv("LAB_SECURE_CONNECT_URL"), TLS: &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12},
		Username: os.Getenv("LAB_SECURE_CONNECT_USER"), Password: os.Getenv("LAB_SECURE_CONNECT_PASSWORD")})
}

// Links out of a SASL_SSL and a mutual-TLS cluster run on an HTTPS Connect
// with basic authentication. Written first with the secrets inline, they
// are rewritten in place once the clusters get connect_secrets; then they
// copy records (so the worker resolved the references), and no connector
// configuration on it holds a password, a key or the REST credentials. A
// wrong REST password fails at plan.
func TestAccSecureConnect_noSecretsInConnectorConfigs(t *testing.T) {
	testAccPreCheckSkipUnlessAcc(t)
	topic := randomName("vault")
	if _, err := labAdmin(t, "us-east").CreateTopic(testCtx(t), 1, 1, nil, topic); err != nil {
		t.Fatal(err)
	}
	produceKeyed(t, "us-east", topic, 0, 50)
	links := fmt.Sprintf(`
resource "geokafka_replication_link" "sasl" {
  source = "secure"
  target = "eu-west"
  topics = [%[1]q]
}

resource "geokafka_replication_link" "mtls" {
  source = "mtls"
  target = "ap-south"
  topics = [%[1]q]
}
`, topic)
	inline := secureConnectProvider(os.Getenv("LAB_SECURE_CONNECT_PASSWORD"), false) + links
	cfg := secureConnectProvider(os.Getenv("LAB_SECURE_CONNECT_PASSWORD"), true) + links
	secrets := []string{os.Getenv("LAB_SECURE_SUPERUSER_PASSWORD"), os.Getenv("LAB_SECURE_CONNECT_PASSWORD"), "PRIVATE KEY"}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			planError(secureConnectProvider("not-the-password", true)+`
resource "geokafka_replication_link" "other" {
  source = "secure"
  target = "eu-west"
  topics = ["other"]
}
`, "Kafka Connect Refused The Credentials", "401", `clusters["eu-west"].connect_auth`),
			{
				Config: inline,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("geokafka_replication_link.sasl", tfjsonpath.New("connector_secrets"),
						knownvalue.MapExact(map[string]knownvalue.Check{"source": knownvalue.StringExact("inline"), "target": knownvalue.StringExact("none")})),
					statecheck.ExpectKnownValue("geokafka_replication_link.mtls", tfjsonpath.New("connector_secrets").AtMapKey("source"), knownvalue.StringExact("inline")),
				},
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("geokafka_replication_link.sasl", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("geokafka_replication_link.mtls", plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("geokafka_replication_link.sasl", tfjsonpath.New("connector_secrets").AtMapKey("source"), knownvalue.StringExact("referenced")),
					statecheck.ExpectKnownValue("geokafka_replication_link.mtls", tfjsonpath.New("connector_secrets").AtMapKey("source"), knownvalue.StringExact("referenced")),
					stateCheckFunc(func() error {
						for remote, cluster := range map[string]string{"secure." + topic: "eu-west", "mtls." + topic: "ap-south"} {
							if n := count(readAll(t, cluster, remote, 50, 90*time.Second)); n != 50 {
								return fmt.Errorf("%s on %s holds %d records, want 50: the connectors did not log in with the referenced secrets", remote, cluster, n)
							}
						}
						cfgs, err := secureConnectClient(t).Configs(testCtx(t))
						if err != nil {
							return err
						}
						refs := 0
						for name, c := range cfgs {
							for k, v := range c {
								for _, s := range secrets {
									if strings.Contains(v, s) {
										return fmt.Errorf("connector %s: %s holds a secret", name, k)
									}
								}
								refs += strings.Count(v, "${dir:")
							}
						}
						if len(cfgs) < 6 || refs == 0 {
							return fmt.Errorf("%d connectors with %d references on the secured Connect; want the two links' 6 connectors, with references", len(cfgs), refs)
						}
						return nil
					})},
			},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}
