package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kmsg"
)

func clusterConfigHCL(provider string, extra, config string) string {
	return clusterConfigHCLOn("ap-south", provider, extra, config)
}

func clusterConfigHCLOn(cluster, provider string, extra, config string) string {
	return provider + fmt.Sprintf(`
resource "geokafka_cluster_config" "c" {
  cluster = %q
%s
  config  = %s
}
`, cluster, extra, config)
}

// dynamicDefaults reads the cluster-wide dynamic settings of a cluster.
func dynamicDefaults(t *testing.T, cluster string) (map[string]string, error) {
	rcs, err := labAdmin(t, cluster).DescribeBrokerConfigs(testCtx(t))
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, rc := range rcs {
		for _, c := range rc.Configs {
			if c.Source == kmsg.ConfigSourceDynamicDefaultBrokerConfig {
				out[c.Key] = c.MaybeValue()
			}
		}
	}
	return out, nil
}

// defaultsAre checks the managed keys on the cluster: want's values, and
// absent keys not set at all. Other keys (set by the cluster itself) are
// left out of the comparison.
func defaultsAre(t *testing.T, cluster string, want map[string]string, absent ...string) statecheck.StateCheck {
	return stateCheckFunc(func() error {
		got, err := dynamicDefaults(t, cluster)
		if err != nil {
			return err
		}
		for k, v := range want {
			if got[k] != v {
				return fmt.Errorf("cluster-wide %s on %s = %q, want %q", k, cluster, got[k], v)
			}
		}
		for _, k := range absent {
			if v, ok := got[k]; ok {
				return fmt.Errorf("cluster-wide %s on %s is still %q, want it reset", k, cluster, v)
			}
		}
		return nil
	})
}

func TestAccClusterConfig_lifecycle(t *testing.T) {
	onEachRelease(t, "ap-south", func(t *testing.T, cluster string) {
		addr := "geokafka_cluster_config.c"
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { testAccPreCheck(t) },
			ProtoV6ProviderFactories: testAccProviders,
			CheckDestroy: func(*terraform.State) error {
				got, err := dynamicDefaults(t, cluster)
				for _, k := range []string{"message.max.bytes", "log.retention.ms"} {
					if _, ok := got[k]; ok && err == nil {
						err = fmt.Errorf("%s survived destroy: %v", k, got)
					}
				}
				return err
			},
			Steps: []resource.TestStep{
				{
					Config:            clusterConfigHCLOn(cluster, labProviderConfig(), "", `{ "message.max.bytes" = "2097152", "log.retention.ms" = "86400000" }`),
					ConfigStateChecks: []statecheck.StateCheck{defaultsAre(t, cluster, map[string]string{"message.max.bytes": "2097152", "log.retention.ms": "86400000"})},
				},
				{
					// Import takes every cluster-wide setting, including the one the
					// lab's brokers set for themselves.
					ResourceName: addr, ImportState: true, ImportStateId: cluster, ImportStateVerify: true,
					ImportStateVerifyIgnore: []string{"config.%", "config.min.insync.replicas"},
				},
				{
					// Change one key, remove the other: it is reset.
					Config: clusterConfigHCLOn(cluster, labProviderConfig(), "", `{ "message.max.bytes" = "3145728" }`),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{defaultsAre(t, cluster, map[string]string{"message.max.bytes": "3145728"}, "log.retention.ms")},
				},
				{
					PreConfig: func() {
						v := "1048576"
						if _, err := labAdmin(t, cluster).AlterBrokerConfigs(testCtx(t), []kadm.AlterConfig{{Op: kadm.SetConfig, Name: "message.max.bytes", Value: &v}}); err != nil {
							t.Fatal(err)
						}
					},
					Config: clusterConfigHCLOn(cluster, labProviderConfig(), "", `{ "message.max.bytes" = "3145728" }`),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{defaultsAre(t, cluster, map[string]string{"message.max.bytes": "3145728"})},
				},
			},
		})
	})
}

func TestAccClusterConfig_perBrokerAndValidation(t *testing.T) {
	onEachRelease(t, "ap-south", func(t *testing.T, cluster string) {
		step := func(extra, config string, parts ...string) resource.TestStep {
			return resource.TestStep{Config: clusterConfigHCLOn(cluster, labProviderConfig(), extra, config), PlanOnly: true, ExpectError: errRe(parts...)}
		}
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { testAccPreCheck(t) },
			ProtoV6ProviderFactories: testAccProviders,
			Steps: []resource.TestStep{
				step("", `{ "no.such.setting" = "1" }`, "Unknown Broker Setting", "no.such.setting", map[string]string{"ap-south": "Kafka 4.", "legacy": "Kafka 3.9 in ZooKeeper mode"}[cluster]),
				step("", `{ "log.dirs" = "/tmp/x" }`, "Setting Not Dynamic", "log.dirs"),
				step("", `{ "message.max.bytes" = "lots" }`, "Setting Refused By The Cluster", "message.max.bytes"),
				{Config: clusterConfigHCLOn(cluster, labProviderConfig(), "  broker_id = 1", `{ "message.max.bytes" = "2097152" }`)},
			},
		})
	})
}

// TestClusterConfig_perBroker proves the requests and the mapping of one
// broker's settings. kfake reports cluster-wide settings as one broker's, and
// knows no setting's validity: those stay acceptance tests.
func TestClusterConfig_perBroker(t *testing.T) {
	e := newFakeEstate(t, "ap-south")
	addr := "geokafka_cluster_config.c"
	cfg := func(config string) string { return clusterConfigHCL(e.provider(""), "  broker_id = 1", config) }
	e.run(
		resource.TestStep{
			Config: cfg(`{ "message.max.bytes" = "2097152", "log.retention.ms" = "86400000" }`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("config").AtMapKey("log.retention.ms"), knownvalue.StringExact("86400000")),
			},
		},
		resource.TestStep{
			Config: cfg(`{ "message.max.bytes" = "3145728" }`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
			}},
		},
		resource.TestStep{ResourceName: addr, ImportState: true, ImportStateId: "ap-south|1", ImportStateVerify: true},
		resource.TestStep{
			PreConfig: func() {
				v := "1048576"
				if _, err := e.admin("ap-south").AlterBrokerConfigs(context.Background(), []kadm.AlterConfig{{Op: kadm.SetConfig, Name: "message.max.bytes", Value: &v}}, 1); err != nil {
					t.Fatal(err)
				}
			},
			Config:             cfg(`{ "message.max.bytes" = "3145728" }`),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		},
	)
}
