package provider

import (
	"context"
	"fmt"
	"strings"
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

func aclHCL(provider string, cluster, principal, operation, permission, resourceType, name, pattern string) string {
	return provider + fmt.Sprintf(`
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
	onEachRelease(t, "us-east", func(t *testing.T, cluster string) {
		topic := randomName("acc-acl")
		principal := "User:" + randomName("alice")
		addr := "geokafka_acl.a"
		exists := func(op string, pattern kadm.ACLPattern, want bool) statecheck.StateCheck {
			return stateCheckFunc(func() error {
				got, err := aclExists(t, cluster, principal, op, topic, pattern)
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
		community := aclHCL(labProviderConfig(), cluster, principal, "Write", "Allow", "Topic", topic, "Literal")
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { testAccPreCheck(t) },
			ProtoV6ProviderFactories: testAccProviders,
			CheckDestroy: func(*terraform.State) error {
				got, err := aclExists(t, cluster, principal, "READ", topic, kadm.ACLPatternPrefixed)
				if err == nil && got {
					err = fmt.Errorf("ACL survived destroy")
				}
				return err
			},
			Steps: []resource.TestStep{
				{
					Config: community,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(fmt.Sprintf("%s|%s|*|WRITE|ALLOW|TOPIC|%s|LITERAL", cluster, principal, topic))),
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("host"), knownvalue.StringExact("*")),
						exists("WRITE", kadm.ACLPatternLiteral, true),
					},
				},
				{Config: community, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
				{
					// Canonical spelling of the same binding: saved, nothing else.
					Config:            aclHCL(labProviderConfig(), cluster, principal, "WRITE", "ALLOW", "TOPIC", topic, "LITERAL"),
					ConfigStateChecks: []statecheck.StateCheck{exists("WRITE", kadm.ACLPatternLiteral, true)},
				},
				{
					ResourceName:      addr,
					ImportState:       true,
					ImportStateId:     fmt.Sprintf("%s|%s|*|WRITE|ALLOW|TOPIC|%s|LITERAL", cluster, principal, topic),
					ImportStateVerify: true,
				},
				{
					// Operation and pattern change in place: new binding, old one gone.
					Config: aclHCL(labProviderConfig(), cluster, principal, "READ", "ALLOW", "TOPIC", topic, "PREFIXED"),
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
						if _, err := labAdmin(t, cluster).DeleteACLs(testCtx(t), b); err != nil {
							t.Fatal(err)
						}
					},
					Config: aclHCL(labProviderConfig(), cluster, principal, "READ", "ALLOW", "TOPIC", topic, "PREFIXED"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{exists("READ", kadm.ACLPatternPrefixed, true)},
				},
			},
		})
	})
}

func TestAccACL_validation(t *testing.T) {
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps:                    aclValidationSteps(labProviderConfig()),
	})
}

// aclValidationSteps are bindings refused at plan, with no call to Kafka.
func aclValidationSteps(provider string) []resource.TestStep {
	return []resource.TestStep{
		planError(aclHCL(provider, "us-east", "User:a", "ALTER", "ALLOW", "CLUSTER", "my-cluster", "LITERAL"), "Impossible ACL Binding", `always named "kafka-cluster"`),
		planError(aclHCL(provider, "us-east", "User:a", "ALTER", "ALLOW", "CLUSTER", "kafka-cluster", "PREFIXED"), "Impossible ACL Binding", "only takes the LITERAL"),
		planError(aclHCL(provider, "us-east", "User:a", "WRITE", "ALLOW", "GROUP", "g", "LITERAL"), "Impossible ACL Binding", "GROUP resource has no WRITE operation"),
		planError(aclHCL(provider, "us-east", "User:a", "Fly", "ALLOW", "TOPIC", "t", "LITERAL"), "Invalid ACL Operation", `"Fly" is not a Kafka ACL operation`),
		planError(aclHCL(provider, "us-east", "User:a", "READ", "Maybe", "TOPIC", "t", "LITERAL"), "Invalid ACL Permission"),
		planError(aclHCL(provider, "us-east", "User:a", "READ", "ALLOW", "Table", "t", "LITERAL"), "Invalid ACL Resource Type"),
		planError(aclHCL(provider, "us-east", "User:a", "READ", "ALLOW", "TOPIC", "t", "Any"), "Invalid ACL Pattern Type"),
		planError(aclHCL(provider, "us-east", "alice", "READ", "ALLOW", "TOPIC", "t", "LITERAL"), "Impossible ACL Binding", "User:alice"),
		planError(strings.Replace(aclHCL(provider, "us-east", "User:a", "READ", "ALLOW", "TOPIC", "t", "LITERAL"), "  principal", "  host          = \"clients.example.com\"\n  principal", 1),
			"Invalid ACL Host", `host: "clients.example.com" is not an IP address`),
	}
}

func TestACL_lifecycleAndValidation(t *testing.T) {
	e := newFakeEstate(t, "us-east")
	addr := "geokafka_acl.a"
	id := "us-east|User:alice|*|WRITE|ALLOW|TOPIC|orders|LITERAL"
	exists := func(op kadm.ACLOperation, pattern kadm.ACLPattern, want bool) resource.TestCheckFunc {
		return func(*terraform.State) error {
			b := kadm.NewACLs().Allow("User:alice").AllowHosts("*").Topics("orders").ResourcePatternType(pattern).Operations(op)
			rs, err := e.admin("us-east").DescribeACLs(context.Background(), b)
			if err != nil {
				return err
			}
			got := 0
			for _, r := range rs {
				got += len(r.Described)
			}
			if (got > 0) != want {
				return fmt.Errorf("ACL %v %v on the cluster: %d, want it to exist: %v", op, pattern, got, want)
			}
			return nil
		}
	}
	steps := []resource.TestStep{
		{
			Config:            aclHCL(e.provider(""), "us-east", "User:alice", "Write", "Allow", "Topic", "orders", "Literal"),
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(id))},
			Check:             exists(kadm.OpWrite, kadm.ACLPatternLiteral, true),
		},
		{
			// The canonical spelling of the same binding: no change on the cluster.
			Config: aclHCL(e.provider(""), "us-east", "User:alice", "WRITE", "ALLOW", "TOPIC", "orders", "LITERAL"),
			Check:  exists(kadm.OpWrite, kadm.ACLPatternLiteral, true),
		},
		{ResourceName: addr, ImportState: true, ImportStateId: id, ImportStateVerify: true},
		{
			Config: aclHCL(e.provider(""), "us-east", "User:alice", "READ", "ALLOW", "TOPIC", "orders", "PREFIXED"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
			}},
			Check: resource.ComposeTestCheckFunc(exists(kadm.OpRead, kadm.ACLPatternPrefixed, true), exists(kadm.OpWrite, kadm.ACLPatternLiteral, false)),
		},
		{
			PreConfig: func() {
				if _, err := e.admin("us-east").DeleteACLs(context.Background(), kadm.NewACLs().Allow("User:alice").AllowHosts("*").Topics("orders").ResourcePatternType(kadm.ACLPatternPrefixed).Operations(kadm.OpRead)); err != nil {
					t.Fatal(err)
				}
			},
			Config: aclHCL(e.provider(""), "us-east", "User:alice", "READ", "ALLOW", "TOPIC", "orders", "PREFIXED"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
			}},
			Check: exists(kadm.OpRead, kadm.ACLPatternPrefixed, true),
		},
	}
	e.run(append(aclValidationSteps(e.provider("")), steps...)...)
}

// An untouched ACL is planned outside the framework (fastpath.go); a default
// the configuration dropped still shows as a change.
func TestACL_fastPathKeepsDefaults(t *testing.T) {
	e := newFakeEstate(t, "us-east")
	withPattern := aclHCL(e.provider(""), "us-east", "User:alice", "READ", "ALLOW", "TOPIC", "orders", "PREFIXED")
	e.run(
		resource.TestStep{Config: withPattern},
		resource.TestStep{
			Config:             strings.Replace(withPattern, `  pattern_type  = "PREFIXED"`+"\n", "", 1),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		},
	)
}
