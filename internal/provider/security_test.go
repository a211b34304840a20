package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// secureCluster is a provider cluster entry on the SASL_SSL listener.
func secureCluster(key, mechanism, user, password string) string {
	return fmt.Sprintf(`    %q = {
      bootstrap_servers = [%q]
      request_timeout   = "10s"
      tls  = { ca_pem = file(%q) }
      sasl = { mechanism = %q, username = %q, password = %q }
    }
`, key, os.Getenv("LAB_SECURE_BOOTSTRAP"), os.Getenv("LAB_SECURE_CA_FILE"), mechanism, user, password)
}

func withClusters(extra string) string {
	return fmt.Sprintf("provider \"geokafka\" {\n  clusters = {\n%s  }\n}\n", extra)
}

func TestAccSecure_connections(t *testing.T) {
	admin, pw := os.Getenv("LAB_SECURE_SUPERUSER"), os.Getenv("LAB_SECURE_SUPERUSER_PASSWORD")
	ids := statecheck.CompareValue(compare.ValuesSame())
	cfg := labProviderConfig()
	cfg = cfg[:len(cfg)-len("  }\n}\n")] + secureCluster("sha256", "SCRAM-SHA-256", admin, pw) + secureCluster("plain", "PLAIN", admin, pw) + "  }\n}\n"
	var checks []statecheck.StateCheck
	for _, key := range []string{"us-east", "secure", "sha256", "plain", "mtls"} {
		cfg += fmt.Sprintf("data \"geokafka_cluster\" %q {\n  cluster = %q\n}\n", key, key)
		checks = append(checks, ids.AddStateValue("data.geokafka_cluster."+key, tfjsonpath.New("cluster_id")))
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			// The same cluster seen over PLAINTEXT, SCRAM-SHA-512, SCRAM-SHA-256, PLAIN and mTLS.
			{Config: cfg, ConfigStateChecks: checks},
			{
				Config:      withClusters(secureCluster("bad", "SCRAM-SHA-512", admin, "not-the-password")) + `data "geokafka_cluster" "c" {}`,
				ExpectError: errRe("Cluster Not Read", "SASL_AUTHENTICATION_FAILED", "Check the sasl username, password and mechanism"),
			},
		},
	})
}

func TestAccSecure_principalWithoutRights(t *testing.T) {
	testAccPreCheckSkipUnlessAcc(t)
	user, pw := randomName("nobody"), "nobody-password"
	if err := upsertSCRAM(t, labAdmin(t, "us-east"), user, pw, 4096); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: withClusters(secureCluster("nobody", "SCRAM-SHA-512", user, pw)) + `
resource "geokafka_topic" "t" {
  name               = "forbidden-topic"
  partitions         = 1
  replication_factor = 1
}`,
			PlanOnly:    true,
			ExpectError: errRe("Checking CREATE of topic", "forbidden-topic", "TOPIC_AUTHORIZATION_FAILED", "Grant the provider's principal"),
		}},
	})
}

// TestAccSecure_enforcement proves that ACLs made by the provider are what
// the brokers enforce: a SCRAM user made by geokafka_scram_credential can
// produce to a topic and consume it with its group only while the matching
// geokafka_acl resources exist. On Kafka 4 (StandardAuthorizer) and on the
// legacy Kafka 3.9 cluster (AclAuthorizer, ACLs in ZooKeeper).
func TestAccSecure_enforcement(t *testing.T) {
	onEachRelease(t, "secure", func(t *testing.T, cluster string) {
		topic, group, user, pw := randomName("enf-topic"), randomName("enf-group"), randomName("enf-user"), "enf-password"
		base := labProviderConfig() + fmt.Sprintf(`
resource "geokafka_topic" "t" {
  cluster            = %[4]q
  name               = %[1]q
  partitions         = 2
  replication_factor = 1
  force_destroy      = true
}

resource "geokafka_scram_credential" "app" {
  cluster   = %[4]q
  username  = %[2]q
  mechanism = "SCRAM-SHA-512"
  password  = %[3]q
}
`, topic, user, pw, cluster)
		acls := base + fmt.Sprintf(`
locals {
  grants = {
    write    = { op = "WRITE", type = "TOPIC", name = %[1]q }
    describe = { op = "DESCRIBE", type = "TOPIC", name = %[1]q }
    read     = { op = "READ", type = "TOPIC", name = %[1]q }
    group    = { op = "READ", type = "GROUP", name = %[2]q }
  }
}

resource "geokafka_acl" "app" {
  for_each      = local.grants
  cluster       = %[4]q
  principal     = "User:%[3]s"
  operation     = each.value.op
  permission    = "ALLOW"
  resource_type = each.value.type
  resource_name = each.value.name
}
`, topic, group, user, cluster)
		refused := func(what string) statecheck.StateCheck {
			return stateCheckFunc(func() error {
				err := produceAs(t, cluster, user, pw, topic)
				if !errors.Is(err, kerr.TopicAuthorizationFailed) {
					return fmt.Errorf("%s: produce gave %w, want TOPIC_AUTHORIZATION_FAILED", what, err)
				}
				return nil
			})
		}
		allowed := stateCheckFunc(func() error {
			if err := produceAs(t, cluster, user, pw, topic); err != nil {
				return fmt.Errorf("produce with the ACLs in place: %w", err)
			}
			if n, err := consumeAs(t, cluster, user, pw, topic, group); err != nil || n == 0 {
				return fmt.Errorf("consume with group %s: %d records, %w", group, n, err)
			}
			return nil
		})
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { testAccPreCheck(t) },
			ProtoV6ProviderFactories: testAccProviders,
			Steps: []resource.TestStep{
				{Config: base, ConfigStateChecks: []statecheck.StateCheck{refused("before the ACLs exist")}},
				{Config: acls, ConfigStateChecks: []statecheck.StateCheck{allowed}},
				{Config: base, ConfigStateChecks: []statecheck.StateCheck{refused("after the ACLs are destroyed")}},
			},
		})
	})
}

func testAccPreCheckSkipUnlessAcc(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc)") // the same rule resource.Test applies
	}
	testAccPreCheck(t)
}

func produceAs(t *testing.T, cluster, user, pw, topic string) error {
	cl := scramClient(t, cluster, "SCRAM-SHA-512", user, pw, kgo.RequiredAcks(kgo.AllISRAcks()), kgo.RecordDeliveryTimeout(10*time.Second))
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	return cl.ProduceSync(ctx, &kgo.Record{Topic: topic, Value: []byte("hello")}).FirstErr()
}

func consumeAs(t *testing.T, cluster, user, pw, topic, group string) (int, error) {
	cl := scramClient(t, cluster, "SCRAM-SHA-512", user, pw, kgo.ConsumeTopics(topic), kgo.ConsumerGroup(group),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for {
		fs := cl.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			return 0, fmt.Errorf("no records within 20s: %w", err)
		}
		var ferr error
		fs.EachError(func(_ string, _ int32, err error) { ferr = err })
		if ferr != nil {
			return 0, ferr
		}
		if n := fs.NumRecords(); n > 0 {
			return n, cl.CommitUncommittedOffsets(ctx)
		}
	}
}
