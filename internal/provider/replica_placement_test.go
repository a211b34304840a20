package provider

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/twmb/franz-go/pkg/kadm"
)

const twoUSOneEU = `  replica_placement = [
    { racks = ["us-east-1a", "us-east-1b"], count = 2 },
    { racks = ["eu-west-1a"], count = 1 },
  ]
  force_destroy = true`

const onePerRegion = `  replica_placement = [
    { racks = ["us-east-1a", "us-east-1b"], count = 1 },
    { racks = ["eu-west-1a"], count = 1 },
    { racks = ["ap-south-1a"], count = 1 },
  ]
  force_destroy = true`

// assignmentIs checks the replicas (in order) and leaders of every partition
// as the cluster reports them.
func assignmentIs(t *testing.T, name string, want map[int32][]int32, leaders []int32) statecheck.StateCheck {
	return stateCheckFunc(func() error {
		td, ok := topicDetail(t, "stretch", name)
		if !ok {
			return fmt.Errorf("topic %s missing", name)
		}
		got := map[int32][]int32{}
		for p, pd := range td.Partitions {
			got[p] = pd.Replicas
			if leaders != nil && !contains32(leaders, pd.Leader) {
				return fmt.Errorf("partition %d is led by broker %d, want one of %v", p, pd.Leader, leaders)
			}
		}
		if !reflect.DeepEqual(got, want) {
			return fmt.Errorf("assignment on the cluster = %v, want %v", got, want)
		}
		return nil
	})
}

func contains32(list []int32, x int32) bool {
	for _, v := range list {
		if v == x {
			return true
		}
	}
	return false
}

func TestAccTopic_replicaPlacement(t *testing.T) {
	name := randomName("acc-stretched")
	addr := "geokafka_topic.t"
	topicID := statecheck.CompareValue(compare.ValuesSame())
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: topicConfigHCL("stretch", name, 4, 3, twoUSOneEU),
				ConfigStateChecks: []statecheck.StateCheck{
					topicID.AddStateValue(addr, tfjsonpath.New("topic_id")),
					assignmentIs(t, name, map[int32][]int32{0: {1, 2, 3}, 1: {2, 1, 3}, 2: {1, 2, 3}, 3: {2, 1, 3}}, []int32{1, 2}),
					stateCheckFunc(func() error { produce(t, "stretch", name, 100); return nil }),
				},
			},
			{Config: topicConfigHCL("stretch", name, 4, 3, twoUSOneEU), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			{
				// One replica in each region, in place; records stay readable.
				Config: topicConfigHCL("stretch", name, 4, 3, onePerRegion),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					topicID.AddStateValue(addr, tfjsonpath.New("topic_id")),
					assignmentIs(t, name, map[int32][]int32{0: {1, 3, 4}, 1: {2, 3, 4}, 2: {1, 3, 4}, 3: {2, 3, 4}}, []int32{1, 2}),
					stateCheckFunc(func() error {
						if got := consumeAll(t, "stretch", name, 100); got != 100 {
							return fmt.Errorf("read %d records after the reassignment, want 100", got)
						}
						return nil
					}),
				},
			},
			{
				// Added partitions follow the placement; existing ones stay.
				Config: topicConfigHCL("stretch", name, 6, 3, onePerRegion),
				ConfigStateChecks: []statecheck.StateCheck{
					assignmentIs(t, name, map[int32][]int32{0: {1, 3, 4}, 1: {2, 3, 4}, 2: {1, 3, 4}, 3: {2, 3, 4}, 4: {1, 3, 4}, 5: {2, 3, 4}}, nil),
				},
			},
			{
				// Moved out of band: drift, and the next apply puts it back.
				PreConfig: func() {
					req := kadm.AlterPartitionAssignmentsReq{}
					req.Assign(name, 0, []int32{3, 4, 1})
					if _, err := labAdmin(t, "stretch").AlterPartitionAssignments(testCtx(t), req); err != nil {
						t.Fatal(err)
					}
				},
				Config: topicConfigHCL("stretch", name, 6, 3, onePerRegion),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					assignmentIs(t, name, map[int32][]int32{0: {1, 3, 4}, 1: {2, 3, 4}, 2: {1, 3, 4}, 3: {2, 3, 4}, 4: {1, 3, 4}, 5: {2, 3, 4}}, []int32{1, 2}),
				},
			},
		},
	})
}

func TestAccTopic_replicaPlacementValidation(t *testing.T) {
	step := func(rf int, placement string, parts ...string) resource.TestStep {
		return resource.TestStep{Config: topicConfigHCL("stretch", randomName("acc-bad-place"), 2, rf, placement), PlanOnly: true, ExpectError: errRe(parts...)}
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			step(1, `  replica_placement = [{ racks = ["mars-1a"], count = 1 }]`, "Invalid Replica Placement", `no live broker has rack "mars-1a"`, "ap-south-1a, eu-west-1a"),
			step(2, `  replica_placement = [{ racks = ["eu-west-1a"], count = 2 }]`, "Invalid Replica Placement", "only 1 live brokers"),
			step(2, twoUSOneEU, "Invalid Replica Placement", "add up to 3 but replication_factor is 2"),
		},
	})
}
