package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

func geoHCL(name string, euPartitions int) string {
	return labProviderConfig() + fmt.Sprintf(`
resource "geokafka_geo_partitioned_topic" "g" {
  cluster = "stretch"
  name    = %q
  regions = {
    us = { racks = ["us-east-1a", "us-east-1b"], partitions = 2, replication_factor = 2 }
    eu = { racks = ["eu-west-1a"], partitions = %d, replication_factor = 1 }
    ap = { racks = ["ap-south-1a"], partitions = 1, replication_factor = 1 }
  }
  config        = { "retention.ms" = "86400000" }
  force_destroy = true
}
`, name, euPartitions)
}

func ints(vs ...int64) knownvalue.Check {
	checks := make([]knownvalue.Check, len(vs))
	for i, v := range vs {
		checks[i] = knownvalue.Int64Exact(v)
	}
	return knownvalue.ListExact(checks)
}

// euDataOnlyOnEUBrokers produces to an eu partition and checks, through the
// brokers' log directories, that only the eu broker (3) stores it.
func euDataOnlyOnEUBrokers(t *testing.T, name string) statecheck.StateCheck {
	return stateCheckFunc(func() error {
		cl := labClient(t, "stretch", kgo.RecordPartitioner(kgo.ManualPartitioner()), kgo.RequiredAcks(kgo.AllISRAcks()))
		recs := make([]*kgo.Record, 50)
		for i := range recs {
			recs[i] = &kgo.Record{Topic: name, Partition: 1, Value: []byte("eu-only")}
		}
		if err := cl.ProduceSync(testCtx(t), recs...).FirstErr(); err != nil {
			return err
		}
		dirs, err := labAdmin(t, "stretch").DescribeAllLogDirs(testCtx(t), kadm.TopicsSet{name: {1: {}}})
		if err != nil {
			return err
		}
		holders := map[int32]int64{}
		for broker, ds := range dirs {
			for _, d := range ds {
				d.Topics.Each(func(p kadm.DescribedLogDirPartition) {
					if p.Topic == name && p.Partition == 1 {
						holders[broker] += p.Size
					}
				})
			}
		}
		if len(holders) != 1 || holders[3] == 0 {
			return fmt.Errorf("eu partition 1 is stored by brokers %v (bytes), want only broker 3 (eu-west-1a)", holders)
		}
		return nil
	})
}

func TestAccGeoPartitionedTopic(t *testing.T) {
	name := randomName("acc-geo")
	addr := "geokafka_geo_partitioned_topic.g"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkTopicGone(t, "stretch", name),
		Steps: []resource.TestStep{
			{
				Config: geoHCL(name, 2),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("partitions_by_region"), knownvalue.MapExact(map[string]knownvalue.Check{
						"ap": ints(0), "eu": ints(1, 2), "us": ints(3, 4),
					})),
					assignmentIs(t, name, map[int32][]int32{0: {4}, 1: {3}, 2: {3}, 3: {1, 2}, 4: {2, 1}}, nil),
					euDataOnlyOnEUBrokers(t, name),
				},
			},
			{
				// eu grows from 2 to 4: two partitions appended, placed in eu.
				Config: geoHCL(name, 4),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("partitions_by_region").AtMapKey("eu"), ints(1, 2, 5, 6)),
					assignmentIs(t, name, map[int32][]int32{0: {4}, 1: {3}, 2: {3}, 3: {1, 2}, 4: {2, 1}, 5: {3}, 6: {3}}, nil),
				},
			},
			{Config: geoHCL(name, 3), PlanOnly: true, ExpectError: errRe("Regions Cannot Shrink", "Kafka cannot remove partitions")},
			{
				// A partition moved out of its region shows as drift and moves back.
				PreConfig: func() {
					req := kadm.AlterPartitionAssignmentsReq{}
					req.Assign(name, 1, []int32{4})
					if _, err := labAdmin(t, "stretch").AlterPartitionAssignments(testCtx(t), req); err != nil {
						t.Fatal(err)
					}
				},
				Config: geoHCL(name, 4),
				ConfigStateChecks: []statecheck.StateCheck{
					assignmentIs(t, name, map[int32][]int32{0: {4}, 1: {3}, 2: {3}, 3: {1, 2}, 4: {2, 1}, 5: {3}, 6: {3}}, nil),
				},
			},
			{
				// Import names regions after their racks' region.
				ResourceName:  addr,
				ImportState:   true,
				ImportStateId: "stretch/" + name,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					a := states[0].Attributes
					for k, want := range map[string]string{
						"regions.%": "3", "regions.eu-west-1.partitions": "4", "regions.us-east-1.replication_factor": "2",
						"regions.ap-south-1.racks.0": "ap-south-1a", "config.retention.ms": "86400000",
					} {
						if a[k] != want {
							return fmt.Errorf("imported %s = %q, want %q", k, a[k], want)
						}
					}
					return nil
				},
			},
		},
	})
}

// TestGeoPartitionedTopic_onOneRack: kfake gives every broker the same rack,
// so one region proves the mapping, growth, import and plan errors; where
// replicas land across racks only the acceptance test proves.
func TestGeoPartitionedTopic_onOneRack(t *testing.T) {
	e := newFakeEstate(t, "stretch", "eu-west")
	addr := "geokafka_geo_partitioned_topic.g"
	geo := func(racks string, partitions, rf int, extra string) string {
		return e.provider("") + fmt.Sprintf(`
resource "geokafka_geo_partitioned_topic" "g" {
  cluster = "stretch"
  name    = "geo"
  regions = {
    k = { racks = %s, partitions = %d, replication_factor = %d }
  }
%s
}
`, racks, partitions, rf, extra)
	}
	e.run(
		resource.TestStep{Config: geo(`["nowhere"]`, 2, 1, ""), PlanOnly: true, ExpectError: errRe("no live broker has rack", "nowhere")},
		resource.TestStep{Config: geo(`["krack", "krack"]`, 2, 1, ""), PlanOnly: true, ExpectError: errRe("listed twice")},
		resource.TestStep{Config: geo(`["krack"]`, 2, 4, ""), PlanOnly: true, ExpectError: errRe("asks for 4 replicas", "only 3 live brokers")},
		resource.TestStep{
			Config: geo(`["krack"]`, 2, 2, `  config = { "retention.ms" = "86400000" }`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("partitions_by_region"), knownvalue.MapExact(map[string]knownvalue.Check{"k": ints(0, 1)})),
			},
			Check: func(*terraform.State) error {
				if p, rf := e.topic("stretch", "geo"); p != 2 || rf != 2 {
					return fmt.Errorf("topic on the cluster: %d partitions, rf %d; want 2, 2", p, rf)
				}
				return nil
			},
		},
		resource.TestStep{
			Config: geo(`["krack"]`, 3, 2, `  config = { "retention.ms" = "86400000" }`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("partitions_by_region").AtMapKey("k"), ints(0, 1, 2)),
			},
		},
		resource.TestStep{Config: geo(`["krack"]`, 1, 2, ""), PlanOnly: true, ExpectError: errRe("Regions Cannot Shrink", "Kafka cannot remove partitions")},
		resource.TestStep{
			ResourceName:  addr,
			ImportState:   true,
			ImportStateId: "stretch/geo",
			ImportStateCheck: func(states []*terraform.InstanceState) error {
				a := states[0].Attributes
				if a["regions.%"] != "1" || a["config.retention.ms"] != "86400000" {
					return fmt.Errorf("imported %v, want one region and the config", a)
				}
				return nil
			},
		},
		resource.TestStep{ResourceName: addr, ImportState: true, ImportStateId: "geo", ExpectError: errRe("Invalid Import ID", "<cluster>/<topic>")},
	)
}
