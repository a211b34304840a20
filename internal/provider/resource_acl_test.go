package provider

import (
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

func aclHCL(cluster, principal, operation, permission, resourceType, name, pattern string) string {
	return labProviderConfig() + fmt.Sprintf(`
resource "geokafka_acl" "a" {
  cluster       = %q
  principal     = %q
  operation     = %q
  permission    = %q
  resource_type = %q
  resource_name = %q
  pattern_type  = %q
}
`, cluster, principal, operation, permission, resourceType, name, pattern)
}

// aclExists asks the cluster directly whether the binding exists.
func aclExists(t *testing.T, cluster, principal, op, topic string, pattern kadm.ACLPattern) (bool, error) {
	b := kadm.NewACLs().Allow(principal).AllowHosts("*").Topics(topic).ResourcePatternType(pattern).Operations(mustOp(op))
	rs, err := labAdmin(t, cluster).DescribeACLs(testCtx(t), b)
	if err != nil {
		return false, err
	}
	for _, r := range rs {
		if r.Err != nil {
			return false, r.Err
		}
		if len(r.Described) > 0 {
			return true, nil
		}
	}
	return false, nil
}

func mustOp(s string) kadm.ACLOperation {
	op, err := kmsg.ParseACLOperation(s)
	if err != nil {
		panic(err)
	}
	return op
}

func TestAccACL_lifecycle(t *testing.T) {
	topic := randomName("acc-acl")
	principal := "User:" + randomName("alice")
	addr := "geokafka_acl.a"
	exists := func(op string, pattern kadm.ACLPattern, want bool) statecheck.StateCheck {
		return stateCheckFunc(func() error {
			got, err := aclExists(t, "us-east", principal, op, topic, pattern)
			if err != nil {
				return err
			}
			if got != want {
				return fmt.Errorf("ACL %s %s on %s exists=%v on the cluster, want %v", principal, op, topic, got, want)
			}
			return nil
		})
	}
	// The community provider's spellings: accepted, no diff afterwards.
	community := aclHCL("us-east", principal, "Write", "Allow", "Topic", topic, "Literal")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: func(*terraform.State) error {
			got, err := aclExists(t, "us-east", principal, "READ", topic, kadm.ACLPatternPrefixed)
			if err == nil && got {
				err = fmt.Errorf("ACL survived destroy")
			}
			return err
		},
		Steps: []resource.TestStep{
			{
				Config: community,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(fmt.Sprintf("us-east|%s|*|WRITE|ALLOW|TOPIC|%s|LITERAL", principal, topic))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("host"), knownvalue.StringExact("*")),
					exists("WRITE", kadm.ACLPatternLiteral, true),
				},
			},
			{Config: community, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			{
				// Canonical spelling of the same binding: saved, nothing else.
				Config:            aclHCL("us-east", principal, "WRITE", "ALLOW", "TOPIC", topic, "LITERAL"),
				ConfigStateChecks: []statecheck.StateCheck{exists("WRITE", kadm.ACLPatternLiteral, true)},
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateId:     fmt.Sprintf("us-east|%s|*|WRITE|ALLOW|TOPIC|%s|LITERAL", principal, topic),
				ImportStateVerify: true,
			},
			{
				// Operation and pattern change in place: new binding, old one gone.
				Config: aclHCL("us-east", principal, "READ", "ALLOW", "TOPIC", topic, "PREFIXED"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					exists("READ", kadm.ACLPatternPrefixed, true),
					exists("WRITE", kadm.ACLPatternLiteral, false),
				},
			},
			{
				// Deleted out of band: planned for creation again.
				PreConfig: func() {
					b := kadm.NewACLs().Allow(principal).AllowHosts("*").Topics(topic).ResourcePatternType(kadm.ACLPatternPrefixed).Operations(kadm.OpRead)
					if _, err := labAdmin(t, "us-east").DeleteACLs(testCtx(t), b); err != nil {
						t.Fatal(err)
					}
				},
				Config: aclHCL("us-east", principal, "READ", "ALLOW", "TOPIC", topic, "PREFIXED"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{exists("READ", kadm.ACLPatternPrefixed, true)},
			},
		},
	})
}

func TestAccACL_validation(t *testing.T) {
	step := func(cfg string, parts ...string) resource.TestStep {
		return resource.TestStep{Config: cfg, PlanOnly: true, ExpectError: errRe(parts...)}
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			step(aclHCL("us-east", "User:a", "ALTER", "ALLOW", "CLUSTER", "my-cluster", "LITERAL"), "Impossible ACL Binding", `always named "kafka-cluster"`),
			step(aclHCL("us-east", "User:a", "ALTER", "ALLOW", "CLUSTER", "kafka-cluster", "PREFIXED"), "Impossible ACL Binding", "only takes the LITERAL"),
			step(aclHCL("us-east", "User:a", "WRITE", "ALLOW", "GROUP", "g", "LITERAL"), "Impossible ACL Binding", "GROUP resource has no WRITE operation"),
			step(aclHCL("us-east", "User:a", "Fly", "ALLOW", "TOPIC", "t", "LITERAL"), "Invalid ACL Operation", `"Fly" is not a Kafka ACL operation`),
			step(aclHCL("us-east", "User:a", "READ", "Maybe", "TOPIC", "t", "LITERAL"), "Invalid ACL Permission"),
			step(aclHCL("us-east", "User:a", "READ", "ALLOW", "Table", "t", "LITERAL"), "Invalid ACL Resource Type"),
			step(aclHCL("us-east", "User:a", "READ", "ALLOW", "TOPIC", "t", "Any"), "Invalid ACL Pattern Type"),
			step(aclHCL("us-east", "alice", "READ", "ALLOW", "TOPIC", "t", "LITERAL"), "Impossible ACL Binding", "User:alice"),
		},
	})
}
