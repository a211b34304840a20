package provider

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kmsg"
)

func topicConfigHCL(cluster, name string, partitions, rf int, extra string) string {
	return labProviderConfig() + fmt.Sprintf(`
resource "geokafka_topic" "t" {
  cluster            = %q
  name               = %q
  partitions         = %d
  replication_factor = %d
%s
}
`, cluster, name, partitions, rf, extra)
}

// checkBrokerConfig asserts the topic overrides the cluster itself reports.
func checkBrokerConfig(t *testing.T, cluster, name string, want map[string]string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got, err := topicConfig(t, cluster, name)
		if err != nil {
			return err
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			return fmt.Errorf("overrides on the broker = %v, want %v", got, want)
		}
		return nil
	}
}

func checkTopicGone(t *testing.T, cluster, name string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if _, ok := topicDetail(t, cluster, name); ok {
			return fmt.Errorf("topic %s still exists on %s", name, cluster)
		}
		return nil
	}
}

func TestAccTopic_lifecycle(t *testing.T) {
	onEachRelease(t, "us-east", func(t *testing.T, cluster string) {
		name := randomName("acc-life")
		addr := "geokafka_topic.t"
		topicID := statecheck.CompareValue(compare.ValuesSame())
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { testAccPreCheck(t) },
			ProtoV6ProviderFactories: testAccProviders,
			CheckDestroy:             checkTopicGone(t, cluster, name),
			Steps: []resource.TestStep{
				{
					Config: topicConfigHCL(cluster, name, 3, 1, `  config = { "retention.ms" = "3600000", "cleanup.policy" = "delete" }`),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(cluster+"/"+name)),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("partitions"), knownvalue.Int64Exact(3)),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("force_destroy"), knownvalue.Bool(false)),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("topic_id"), knownvalue.StringRegexp(regexp.MustCompile(`^[A-Za-z0-9_-]{22}$`))),
						topicID.AddStateValue(addr, tfjsonpath.New("topic_id")),
					},
					Check: checkBrokerConfig(t, cluster, name, map[string]string{"retention.ms": "3600000", "cleanup.policy": "delete"}),
				},
				{
					ResourceName:            addr,
					ImportState:             true,
					ImportStateId:           cluster + "/" + name,
					ImportStateVerify:       true,
					ImportStateVerifyIgnore: []string{"timeouts"},
				},
				{
					// Change one value, add a key, remove a key: all in place.
					Config: topicConfigHCL(cluster, name, 3, 1, `  config = { "retention.ms" = "7200000", "segment.bytes" = "1048576" }`),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{topicID.AddStateValue(addr, tfjsonpath.New("topic_id"))},
					Check:             checkBrokerConfig(t, cluster, name, map[string]string{"retention.ms": "7200000", "segment.bytes": "1048576"}),
				},
				{
					// Partition increase in place; removing config resets every key.
					Config: topicConfigHCL(cluster, name, 6, 1, ""),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("partitions"), knownvalue.Int64Exact(6)),
						topicID.AddStateValue(addr, tfjsonpath.New("topic_id")),
					},
					Check: resource.ComposeTestCheckFunc(
						checkBrokerConfig(t, cluster, name, map[string]string{}),
						func(*terraform.State) error {
							td, ok := topicDetail(t, cluster, name)
							if !ok || len(td.Partitions) != 6 {
								return fmt.Errorf("want 6 partitions on the broker, got %d", len(td.Partitions))
							}
							return nil
						},
					),
				},
			},
		})
	})
}

func TestAccTopic_replicationFactorStretch(t *testing.T) {
	name := randomName("acc-rf")
	addr := "geokafka_topic.t"
	topicID := statecheck.CompareValue(compare.ValuesSame())
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkTopicGone(t, "stretch", name),
		Steps: []resource.TestStep{
			{
				Config:            topicConfigHCL("stretch", name, 4, 1, "  force_destroy = true"),
				ConfigStateChecks: []statecheck.StateCheck{topicID.AddStateValue(addr, tfjsonpath.New("topic_id"))},
				Check:             func(*terraform.State) error { produce(t, "stretch", name, 200); return nil },
			},
			{
				Config: topicConfigHCL("stretch", name, 4, 3, "  force_destroy = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("replication_factor"), knownvalue.Int64Exact(3)),
					topicID.AddStateValue(addr, tfjsonpath.New("topic_id")),
				},
				Check: func(*terraform.State) error {
					td, ok := topicDetail(t, "stretch", name)
					if !ok {
						return fmt.Errorf("topic missing")
					}
					for p, pd := range td.Partitions {
						if len(pd.Replicas) != 3 || len(pd.ISR) != 3 {
							return fmt.Errorf("partition %d: replicas %v isr %v, want 3 of each", p, pd.Replicas, pd.ISR)
						}
					}
					if got := consumeAll(t, "stretch", name, 200); got != 200 {
						return fmt.Errorf("read %d records after the reassignment, want 200", got)
					}
					return nil
				},
			},
			{
				// And back down: 3 -> 2, still in place.
				Config: topicConfigHCL("stretch", name, 4, 2, "  force_destroy = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("replication_factor"), knownvalue.Int64Exact(2)),
					topicID.AddStateValue(addr, tfjsonpath.New("topic_id")),
				},
			},
		},
	})
}

func TestAccTopic_drift(t *testing.T) {
	onEachRelease(t, "eu-west", func(t *testing.T, cluster string) {
		name := randomName("acc-drift")
		addr := "geokafka_topic.t"
		cfg := topicConfigHCL(cluster, name, 2, 1, `  config = { "retention.ms" = "3600000" }`)
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { testAccPreCheck(t) },
			ProtoV6ProviderFactories: testAccProviders,
			CheckDestroy:             checkTopicGone(t, cluster, name),
			Steps: []resource.TestStep{
				{Config: cfg},
				{
					// Someone changes a declared key and sets an undeclared one:
					// only the declared key drifts.
					PreConfig: func() {
						alterOutOfBand(t, cluster, name, map[string]string{"retention.ms": "60000", "segment.ms": "600000"})
					},
					Config: cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("config").AtMapKey("retention.ms"), knownvalue.StringExact("3600000")),
					}},
					Check: checkBrokerConfig(t, cluster, name, map[string]string{"retention.ms": "3600000", "segment.ms": "600000"}),
				},
				{
					// Someone deletes the topic: it is planned for creation again.
					PreConfig: func() {
						if _, err := labAdmin(t, cluster).DeleteTopics(testCtx(t), name); err != nil {
							t.Fatal(err)
						}
						waitGone(t, cluster, name)
					},
					Config: cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
					}},
					Check: checkBrokerConfig(t, cluster, name, map[string]string{"retention.ms": "3600000"}),
				},
			},
		})
	})
}

func TestAccTopic_forceDestroy(t *testing.T) {
	onEachRelease(t, "ap-south", func(t *testing.T, cluster string) {
		name := randomName("acc-force")
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { testAccPreCheck(t) },
			ProtoV6ProviderFactories: testAccProviders,
			CheckDestroy:             checkTopicGone(t, cluster, name),
			Steps: []resource.TestStep{
				{
					Config: topicConfigHCL(cluster, name, 2, 1, ""),
					Check:  func(*terraform.State) error { produce(t, cluster, name, 42); return nil },
				},
				{
					Config:      topicConfigHCL(cluster, name, 2, 1, ""),
					Destroy:     true,
					ExpectError: errRe("Topic Holds Records", "holds 42 records"),
				},
				{
					// A rename is a replacement, and replacement deletes: refused too.
					Config:      topicConfigHCL(cluster, name+"-renamed", 2, 1, ""),
					ExpectError: errRe("holds 42 records"),
				},
				{
					Config: topicConfigHCL(cluster, name, 2, 1, "  force_destroy = true"),
					Check: func(*terraform.State) error {
						if _, ok := topicDetail(t, cluster, name); !ok {
							return fmt.Errorf("topic was deleted by a refused destroy")
						}
						return nil
					},
				},
			},
		})
	})
}

func TestAccTopic_validation(t *testing.T) {
	name := randomName("acc-bad")
	pre := func() { testAccPreCheck(t) }
	resource.Test(t, resource.TestCase{
		PreCheck:                 pre,
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			planError(topicConfigHCL("us-east", "bad/name", 1, 1, ""), "Invalid Topic Name", "characters outside"),
			planError(topicConfigHCL("us-east", "..", 1, 1, ""), "Invalid Topic Name", "reserved"),
			planError(topicConfigHCL("us-east", name, 0, 1, ""), "partitions", "at least 1"),
			planError(topicConfigHCL("us-east", name, 1, 0, ""), "replication_factor", "between 1"),
			planError(topicConfigHCL("us-east", name, 1, 1, `  config = { "cleanup.policy" = "" }`), "Empty Config Value"),
			planError(topicConfigHCL("mars", name, 1, 1, ""), "Unknown Cluster", "ap-south, eu-west, legacy, mtls, secure, stretch, us-east"),
			planError(labProviderConfig()+fmt.Sprintf(`
resource "geokafka_topic" "t" {
  name               = %q
  partitions         = 1
  replication_factor = 1
}`, name), "several clusters", "set cluster to one of them"),
			// Keys that Kafka 4.0 removed: named with the release at plan.
			planError(topicConfigHCL("us-east", name, 1, 1, `  config = { "message.format.version" = "3.0" }`),
				"Topic Config Unknown To The Cluster", `Cluster "us-east" runs Kafka 4.`, `"message.format.version"`, "Kafka 4.0 removed it"),
			planError(topicConfigHCL("us-east", name, 1, 1, `  config = { "message.timestamp.difference.max.ms" = "60000" }`),
				"Topic Config Unknown To The Cluster", "message.timestamp.before.max.ms"),
		},
	})
}

// The checks the brokers make at plan, on each release.
func TestAccTopic_validationByTheCluster(t *testing.T) {
	onEachRelease(t, "us-east", func(t *testing.T, cluster string) {
		name := randomName("acc-bad")
		release := map[string]string{"us-east": "Kafka 4.", "legacy": "Kafka 3.9 in ZooKeeper mode"}[cluster]
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { testAccPreCheck(t) },
			ProtoV6ProviderFactories: testAccProviders,
			Steps: []resource.TestStep{
				planError(topicConfigHCL(cluster, name, 1, 2, ""), "Invalid Replication Factor", "INVALID_REPLICATION_FACTOR"),
				planError(topicConfigHCL(cluster, name, 1, 1, `  config = { "retention.msec" = "1" }`),
					"Topic Config Unknown To The Cluster", fmt.Sprintf("Cluster %q runs %s", cluster, release), `no topic config "retention.msec"`, "check its spelling"),
				planError(topicConfigHCL(cluster, name, 1, 1, `  config = { "retention.ms" = "a week" }`), "Invalid Topic Config", "a week", "retention.ms"),
			},
		})
	})
}

func TestAccTopic_validationAgainstState(t *testing.T) {
	onEachRelease(t, "us-east", func(t *testing.T, cluster string) {
		name := randomName("acc-shrink")
		existing := randomName("acc-exists")
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { testAccPreCheck(t) },
			ProtoV6ProviderFactories: testAccProviders,
			Steps: []resource.TestStep{
				{Config: topicConfigHCL(cluster, name, 4, 1, "")},
				{Config: topicConfigHCL(cluster, name, 2, 1, ""), PlanOnly: true, ExpectError: errRe("Partitions Cannot Decrease", "Kafka cannot remove partitions")},
				{Config: topicConfigHCL(cluster, name, 4, 2, ""), PlanOnly: true, ExpectError: errRe("Replication Factor Too Large", "1 live brokers")},
				{
					// A key the release does not know, added to an existing topic.
					Config: topicConfigHCL(cluster, name, 4, 1, `  config = { "retention.msec" = "1" }`), PlanOnly: true,
					ExpectError: errRe("Topic Config Unknown To The Cluster", fmt.Sprintf("Cluster %q runs Kafka", cluster), `"retention.msec"`),
				},
				{
					PreConfig: func() {
						if _, err := labAdmin(t, cluster).CreateTopic(testCtx(t), 1, 1, nil, existing); err != nil {
							t.Fatal(err)
						}
						t.Cleanup(func() { _, _ = labAdmin(t, cluster).DeleteTopics(testCtx(t), existing) })
					},
					Config: topicConfigHCL(cluster, name, 4, 1, "") + fmt.Sprintf(`
resource "geokafka_topic" "dup" {
  cluster            = %q
  name               = %q
  partitions         = 1
  replication_factor = 1
}`, cluster, existing),
					PlanOnly:    true,
					ExpectError: errRe("Topic Already Exists", "import"),
				},
				{
					// Names that differ only by '.' and '_' clash in Kafka's metrics:
					// the cluster refuses them at plan.
					Config: topicConfigHCL(cluster, name, 4, 1, "") + fmt.Sprintf(`
resource "geokafka_topic" "clash" {
  cluster            = %q
  name               = %q
  partitions         = 1
  replication_factor = 1
}`, cluster, strings.ReplaceAll(existing, "-", ".")),
					PreConfig: func() {
						dotted := strings.ReplaceAll(existing, "-", "_")
						if _, err := labAdmin(t, cluster).CreateTopic(testCtx(t), 1, 1, nil, dotted); err != nil {
							t.Fatal(err)
						}
						t.Cleanup(func() { _, _ = labAdmin(t, cluster).DeleteTopics(testCtx(t), dotted) })
					},
					PlanOnly:    true,
					ExpectError: errRe("Invalid Topic Name", "collides"),
				},
			},
		})
	})
}

func TestAccTopic_multiClusterForEach(t *testing.T) {
	name := randomName("acc-multi")
	// A cluster that is down: nothing in this configuration uses it, so the
	// provider must never dial it and every step must pass.
	provider := strings.Replace(labProviderConfig(), "  clusters = {\n",
		"  clusters = {\n    \"offline\" = { bootstrap_servers = [\"127.0.0.1:9\"] }\n", 1)
	cfg := provider + fmt.Sprintf(`
resource "geokafka_topic" "orders" {
  for_each           = toset(["us-east", "eu-west", "ap-south"])
  cluster            = each.key
  name               = %q
  partitions         = 3
  replication_factor = 1
  config             = { "min.insync.replicas" = "1" }
}

output "ids" {
  value = { for k, t in geokafka_topic.orders : k => t.id }
}
`, name)
	ids := map[string]knownvalue.Check{}
	for _, c := range []string{"us-east", "eu-west", "ap-south"} {
		ids[c] = knownvalue.StringExact(c + "/" + name)
	}
	checks := []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("ids", knownvalue.MapExact(ids))}
	clusters := []string{"us-east", "eu-west", "ap-south"}
	onBrokers := stateCheckFunc(func() error {
		for _, c := range clusters {
			if err := checkBrokerConfig(t, c, name, map[string]string{"min.insync.replicas": "1"})(nil); err != nil {
				return fmt.Errorf("%s: %w", c, err)
			}
		}
		return nil
	})
	gone := stateCheckFunc(func() error {
		for _, c := range clusters {
			if err := checkTopicGone(t, c, name)(nil); err != nil {
				return err
			}
		}
		return nil
	})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: cfg, ConfigStateChecks: append(checks, onBrokers)},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			// Removing the resources destroys the topics in every region.
			{Config: provider, ConfigStateChecks: []statecheck.StateCheck{gone}},
		},
	})
}

func TestAccTopic_importBlockAndSingleClusterFromEnv(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc)") // the same rule resource.Test applies
	}
	testAccPreCheck(t)
	name := randomName("acc-import")
	if _, err := labAdmin(t, "eu-west").CreateTopic(testCtx(t), 2, 1, map[string]*string{"retention.ms": ptr("1234567")}, name); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GEOKAFKA_BOOTSTRAP_SERVERS", bootstrap("eu-west")[0])
	// An empty provider block: the one cluster comes from the environment and
	// resources need no cluster argument.
	cfg := fmt.Sprintf(`
terraform {
  required_providers {
    geokafka = { source = "geokafka/geokafka" }
  }
}

provider "geokafka" {}

resource "geokafka_topic" "t" {
  name               = %q
  partitions         = 2
  replication_factor = 1
  config             = { "retention.ms" = "1234567" }
}
`, name)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkTopicGone(t, "eu-west", name),
		Steps: []resource.TestStep{
			{
				Config:          cfg,
				ResourceName:    "geokafka_topic.t",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   name,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue("geokafka_topic.t", tfjsonpath.New("id"), knownvalue.StringExact("default/"+name)),
					plancheck.ExpectKnownValue("geokafka_topic.t", tfjsonpath.New("config"), knownvalue.MapExact(map[string]knownvalue.Check{"retention.ms": knownvalue.StringExact("1234567")})),
				}},
			},
			{
				// The import block above is only planned; persist a CLI import.
				Config:             cfg,
				ResourceName:       "geokafka_topic.t",
				ImportState:        true,
				ImportStateId:      name,
				ImportStatePersist: true,
			},
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("geokafka_topic.t", tfjsonpath.New("cluster"), knownvalue.StringExact("default")),
				},
			},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

func ptr(s string) *string { return &s }

func alterOutOfBand(t *testing.T, cluster, topic string, set map[string]string) {
	t.Helper()
	var ops []kadmAlter
	for k, v := range set {
		ops = append(ops, kadmSet(k, v))
	}
	rs, err := labAdmin(t, cluster).AlterTopicConfigs(testCtx(t), ops, topic)
	if err == nil {
		err = rs[0].Err
	}
	if err != nil {
		t.Fatalf("out-of-band config change: %v", err)
	}
}

func waitGone(t *testing.T, cluster, topic string) {
	t.Helper()
	ctx := testCtx(t)
	for ctx.Err() == nil {
		if _, ok := topicDetail(t, cluster, topic); !ok {
			return
		}
	}
	t.Fatalf("topic %s/%s did not go away", cluster, topic)
}

// fakeTopicHCL is a topic on a fake estate's cluster.
func fakeTopicHCL(e *fakeEstate, cluster, name string, partitions, rf int, extra string) string {
	return e.provider("") + fmt.Sprintf(`
resource "geokafka_topic" "t" {
  cluster            = %q
  name               = %q
  partitions         = %d
  replication_factor = %d
%s
}
`, cluster, name, partitions, rf, extra)
}

// A create whose answer never comes in time may still have created the
// topic: it is saved tainted, and the next apply replaces it rather than
// failing on a topic it does not know.
func TestTopic_createTimedOut(t *testing.T) {
	e := newFakeEstate(t, "us-east")
	e.clusterExtra["us-east"] = `, request_timeout = "1s"`
	var stall atomic.Bool
	stall.Store(true)
	fc := e.kafka["us-east"]
	fc.ControlKey(int16(kmsg.CreateTopics), func(kmsg.Request) (kmsg.Response, error, bool) {
		fc.KeepControl()
		if stall.Load() {
			time.Sleep(4 * time.Second) // answered late, then created all the same
		}
		return nil, nil, false
	})
	cfg := fakeTopicHCL(e, "us-east", "late", 1, 1, `  timeouts = { create = "2s" }`)
	e.run(
		resource.TestStep{Config: cfg, ExpectError: errRe("Topic Not Created", `topic "late" on cluster "us-east"`)},
		resource.TestStep{
			PreConfig: func() {
				stall.Store(false)
				if partitions, _ := e.topic("us-east", "late"); partitions < 1 {
					t.Fatal("the late create did not create the topic: the test proves nothing")
				}
			},
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("geokafka_topic.t", plancheck.ResourceActionReplace),
			}},
		},
	)
}

func TestTopic_lifecycleDriftImport(t *testing.T) {
	e := newFakeEstate(t, "us-east", "eu-west")
	addr := "geokafka_topic.t"
	checkTopic := func(partitions, rf int) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if p, r := e.topic("us-east", "orders"); p != partitions || r != rf {
				return fmt.Errorf("topic on the cluster: %d partitions, rf %d; want %d, %d", p, r, partitions, rf)
			}
			return nil
		}
	}
	e.run(
		resource.TestStep{
			Config: fakeTopicHCL(e, "us-east", "orders", 3, 2, `  config = { "retention.ms" = "3600000" }`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact("us-east/orders")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("config").AtMapKey("retention.ms"), knownvalue.StringExact("3600000")),
			},
			Check: checkTopic(3, 2),
		},
		resource.TestStep{ResourceName: addr, ImportState: true, ImportStateId: "us-east/orders", ImportStateVerify: true, ImportStateVerifyIgnore: []string{"timeouts"}},
		resource.TestStep{
			Config: fakeTopicHCL(e, "us-east", "orders", 6, 2, `  config = { "segment.ms" = "600000" }`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
			}},
			Check: checkTopic(6, 2),
		},
		resource.TestStep{
			// Out of band: a declared key changes, the topic is deleted.
			PreConfig: func() {
				if _, err := e.admin("us-east").AlterTopicConfigs(context.Background(), []kadm.AlterConfig{{Name: "segment.ms", Value: kadm.StringPtr("1000")}}, "orders"); err != nil {
					t.Fatal(err)
				}
			},
			Config:             fakeTopicHCL(e, "us-east", "orders", 6, 2, `  config = { "segment.ms" = "600000" }`),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		},
		resource.TestStep{
			PreConfig: func() {
				if _, err := e.admin("us-east").DeleteTopics(context.Background(), "orders"); err != nil {
					t.Fatal(err)
				}
			},
			Config: fakeTopicHCL(e, "us-east", "orders", 6, 2, `  config = { "segment.ms" = "600000" }`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
			}},
			Check: checkTopic(6, 2),
		},
		resource.TestStep{
			Config:      fakeTopicHCL(e, "us-east", "orders", 2, 2, ""),
			PlanOnly:    true,
			ExpectError: errRe("Partitions Cannot Decrease", "Kafka cannot remove partitions"),
		},
		resource.TestStep{
			Config:      fakeTopicHCL(e, "us-east", "orders", 6, 4, ""),
			PlanOnly:    true,
			ExpectError: errRe("Replication Factor Too Large", "3 live brokers"),
		},
	)
}

func TestTopic_planErrors(t *testing.T) {
	e := newFakeEstate(t, "us-east", "eu-west")
	e.run(
		planError(fakeTopicHCL(e, "us-east", "bad/name", 1, 1, ""), "Invalid Topic Name", "characters outside"),
		planError(fakeTopicHCL(e, "us-east", "..", 1, 1, ""), "Invalid Topic Name", "reserved"),
		planError(fakeTopicHCL(e, "us-east", "t", 0, 1, ""), "partitions", "at least 1"),
		planError(fakeTopicHCL(e, "us-east", "t", 1, 0, ""), "replication_factor", "between 1"),
		planError(fakeTopicHCL(e, "us-east", "t", 1, 1, `  config = { "cleanup.policy" = "" }`), "Empty Config Value"),
		planError(fakeTopicHCL(e, "mars", "t", 1, 1, ""), "Unknown Cluster", "eu-west, us-east"),
		planError(e.provider("")+`
resource "geokafka_topic" "t" {
  name               = "t"
  partitions         = 1
  replication_factor = 1
}`, "several clusters", "set cluster to one of them"),
	)
}

func TestTopic_forceDestroy(t *testing.T) {
	e := newFakeEstate(t, "us-east")
	cfg := fakeTopicHCL(e, "us-east", "held", 1, 1, "")
	e.run(
		resource.TestStep{
			Config: cfg,
			Check:  func(*terraform.State) error { e.produce("us-east", "held", 0, 2); return nil },
		},
		resource.TestStep{Config: cfg, Destroy: true, ExpectError: errRe("Topic Holds Records", "holds 2 records")},
		resource.TestStep{Config: fakeTopicHCL(e, "us-east", "held", 1, 1, "  force_destroy = true")},
	)
}

// The plans of untouched topics are answered outside the framework
// (fastpath.go); every case it must hand to the framework is here.
func TestTopic_fastPathLeavesChangesToTheFramework(t *testing.T) {
	e := newFakeEstate(t, "us-east", "eu-west")
	addr := "geokafka_topic.t"
	cfg := `  config = { "retention.ms" = "3600000" }`
	var firstID string
	e.run(
		resource.TestStep{
			Config: fakeTopicHCL(e, "us-east", "orders", 2, 1, cfg+"\n  force_destroy = true"),
			Check: func(s *terraform.State) error {
				firstID = s.RootModule().Resources[addr].Primary.Attributes["topic_id"]
				return nil
			},
		},
		resource.TestStep{
			// Dropping force_destroy plans its default, false.
			Config:             fakeTopicHCL(e, "us-east", "orders", 2, 1, cfg),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		},
		resource.TestStep{
			// A rule added later refuses the topic where it already is.
			Config: strings.Replace(fakeTopicHCL(e, "us-east", "orders", 2, 1, cfg+"\n  force_destroy = true"),
				"provider \"geokafka\" {", "provider \"geokafka\" {\n  residency = [{ topics = \"orders\", allowed_clusters = [\"eu-west\"] }]", 1),
			PlanOnly:    true,
			ExpectError: errRe("Topic Not Allowed On This Cluster"),
		},
		resource.TestStep{
			// Deleted and created again out of band, same settings: the
			// refresh takes the new topic id.
			PreConfig: func() {
				if _, err := e.admin("us-east").DeleteTopics(context.Background(), "orders"); err != nil {
					t.Fatal(err)
				}
				if _, err := e.admin("us-east").CreateTopic(context.Background(), 2, 1, map[string]*string{"retention.ms": kadm.StringPtr("3600000")}, "orders"); err != nil {
					t.Fatal(err)
				}
			},
			Config: fakeTopicHCL(e, "us-east", "orders", 2, 1, cfg+"\n  force_destroy = true"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
			}},
			Check: func(s *terraform.State) error {
				id := s.RootModule().Resources[addr].Primary.Attributes["topic_id"]
				if id == firstID || id == "" {
					return fmt.Errorf("topic_id %q after the topic was created again; was %q", id, firstID)
				}
				return nil
			},
		},
		resource.TestStep{
			// A declared key reset out of band shows as drift.
			PreConfig: func() {
				if _, err := e.admin("us-east").AlterTopicConfigs(context.Background(),
					[]kadm.AlterConfig{{Op: kadm.DeleteConfig, Name: "retention.ms"}}, "orders"); err != nil {
					t.Fatal(err)
				}
			},
			Config:             fakeTopicHCL(e, "us-east", "orders", 2, 1, cfg+"\n  force_destroy = true"),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		},
	)
}
