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
)

func quotaHCL(provider string, entity, config string) string {
	return quotaHCLOn("eu-west", provider, entity, config)
}

func quotaHCLOn(cluster, provider string, entity, config string) string {
	return provider + fmt.Sprintf(`
resource "geokafka_quota" "q" {
  cluster = %q
  entity  = %s
  config  = %s
}
`, cluster, entity, config)
}

// brokerQuotas reads an entity's quotas from the cluster itself.
func brokerQuotas(t *testing.T, cluster, user, clientID string) (map[string]float64, error) {
	comps := []kadm.DescribeClientQuotaComponent{{Type: "user", MatchName: &user}, {Type: "client-id", MatchName: &clientID}}
	ds, err := labAdmin(t, cluster).DescribeClientQuotas(testCtx(t), true, comps)
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for _, d := range ds {
		for _, v := range d.Values {
			out[v.Key] = v.Value
		}
	}
	return out, nil
}

func quotasAre(t *testing.T, cluster, user, clientID string, want map[string]float64) statecheck.StateCheck {
	return stateCheckFunc(func() error {
		got, err := brokerQuotas(t, cluster, user, clientID)
		if err != nil {
			return err
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			return fmt.Errorf("quotas on the cluster = %v, want %v", got, want)
		}
		return nil
	})
}

func TestAccQuota_lifecycle(t *testing.T) {
	onEachRelease(t, "eu-west", func(t *testing.T, cluster string) {
		user := randomName("quser")
		entity := fmt.Sprintf(`{ user = %q, client_id = "app" }`, user)
		addr := "geokafka_quota.q"
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { testAccPreCheck(t) },
			ProtoV6ProviderFactories: testAccProviders,
			CheckDestroy: func(*terraform.State) error {
				got, err := brokerQuotas(t, cluster, user, "app")
				if err == nil && len(got) > 0 {
					err = fmt.Errorf("quotas survived destroy: %v", got)
				}
				return err
			},
			Steps: []resource.TestStep{
				{
					Config: quotaHCLOn(cluster, labProviderConfig(), entity, `{ producer_byte_rate = 1048576, consumer_byte_rate = 2097152 }`),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(cluster+"|user="+user+",client-id=app")),
						quotasAre(t, cluster, user, "app", map[string]float64{"producer_byte_rate": 1048576, "consumer_byte_rate": 2097152}),
					},
				},
				{
					ResourceName:      addr,
					ImportState:       true,
					ImportStateId:     cluster + "|user=" + user + ",client-id=app",
					ImportStateVerify: true,
				},
				{
					// Change one, drop one, add one: in place.
					Config: quotaHCLOn(cluster, labProviderConfig(), entity, `{ producer_byte_rate = 524288, request_percentage = 25 }`),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						quotasAre(t, cluster, user, "app", map[string]float64{"producer_byte_rate": 524288, "request_percentage": 25}),
					},
				},
				{
					// A value changed out of band is drift, and is set back.
					PreConfig: func() {
						name, client := user, "app"
						_, err := labAdmin(t, cluster).AlterClientQuotas(testCtx(t), []kadm.AlterClientQuotaEntry{{
							Entity: kadm.ClientQuotaEntity{{Type: "user", Name: &name}, {Type: "client-id", Name: &client}},
							Ops:    []kadm.AlterClientQuotaOp{{Key: "producer_byte_rate", Value: 1}},
						}})
						if err != nil {
							t.Fatal(err)
						}
					},
					Config: quotaHCLOn(cluster, labProviderConfig(), entity, `{ producer_byte_rate = 524288, request_percentage = 25 }`),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						quotasAre(t, cluster, user, "app", map[string]float64{"producer_byte_rate": 524288, "request_percentage": 25}),
					},
				},
			},
		})
	})
}

func TestAccQuota_defaultAndIP(t *testing.T) {
	onEachRelease(t, "eu-west", func(t *testing.T, cluster string) {
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { testAccPreCheck(t) },
			ProtoV6ProviderFactories: testAccProviders,
			Steps: []resource.TestStep{
				{
					Config: quotaHCLOn(cluster, labProviderConfig(), `{ ip = "203.0.113.7" }`, `{ connection_creation_rate = 10 }`),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("geokafka_quota.q", tfjsonpath.New("id"), knownvalue.StringExact(cluster+"|ip=203.0.113.7")),
					},
				},
				{
					Config: quotaHCLOn(cluster, labProviderConfig(), `{ client_id = "<default>" }`, `{ consumer_byte_rate = 10485760 }`),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("geokafka_quota.q", tfjsonpath.New("id"), knownvalue.StringExact(cluster+"|client-id=<default>")),
					},
				},
			},
		})
	})
}

func TestAccQuota_validation(t *testing.T) {
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps:                    quotaValidationSteps(labProviderConfig()),
	})
}

// quotaValidationSteps are quotas refused at plan, with no call to Kafka.
func quotaValidationSteps(provider string) []resource.TestStep {
	step := func(entity, config string, parts ...string) resource.TestStep {
		return resource.TestStep{Config: quotaHCL(provider, entity, config), PlanOnly: true, ExpectError: errRe(parts...)}
	}
	return []resource.TestStep{
		step(`{ user = "a", ip = "10.0.0.1" }`, `{ producer_byte_rate = 1 }`, "Invalid Quota Entity", "ip quotas stand alone"),
		step(`{}`, `{ producer_byte_rate = 1 }`, "Invalid Quota Entity", "at least one of user"),
		step(`{ user = "" }`, `{ producer_byte_rate = 1 }`, "Invalid Quota Entity", "<default>"),
		step(`{ user = "a" }`, `{ connection_creation_rate = 1 }`, "Invalid Quota", "not a quota of this entity"),
		step(`{ ip = "10.0.0.1" }`, `{ producer_byte_rate = 1 }`, "Invalid Quota", "connection_creation_rate"),
		step(`{ user = "a" }`, `{ producer_byte_rate = -5 }`, "Invalid Quota", "must be positive"),
		step(`{ user = "a" }`, `{}`, "No Quota Values"),
	}
}

// An entity known only at apply (here, as it is inside a module while
// Terraform validates it) is planned, and created once known.
func TestQuota_entityKnownAtApply(t *testing.T) {
	e := newFakeEstate(t, "eu-west")
	e.run(resource.TestStep{
		Config: e.provider("") + `
resource "terraform_data" "entity" {
  input = { user = "late", client_id = null, ip = null }
}

resource "geokafka_quota" "q" {
  cluster = "eu-west"
  entity  = terraform_data.entity.output
  config  = { producer_byte_rate = 1024 }
}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("geokafka_quota.q", tfjsonpath.New("id"), knownvalue.StringExact("eu-west|user=late")),
		},
	})
}

func TestQuota_lifecycleAndValidation(t *testing.T) {
	e := newFakeEstate(t, "eu-west")
	addr := "geokafka_quota.q"
	entity := `{ user = "alice", client_id = "app" }`
	id := "eu-west|user=alice,client-id=app"
	quotas := func(want string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			user, client := "alice", "app"
			comps := []kadm.DescribeClientQuotaComponent{{Type: "user", MatchName: &user}, {Type: "client-id", MatchName: &client}}
			ds, err := e.admin("eu-west").DescribeClientQuotas(context.Background(), true, comps)
			if err != nil {
				return err
			}
			got := map[string]float64{}
			for _, d := range ds {
				for _, v := range d.Values {
					got[v.Key] = v.Value
				}
			}
			if fmt.Sprint(got) != want {
				return fmt.Errorf("quotas on the cluster = %v, want %s", got, want)
			}
			return nil
		}
	}
	steps := []resource.TestStep{
		{
			Config:      quotaHCL(e.provider(""), `{ user = "alice" }`, `{ producer_byte_rate = 1 }`),
			ExpectError: errRe("Quota Entity Already Has Quotas", "eu-west|user=alice"),
			PreConfig: func() {
				name := "alice"
				_, err := e.admin("eu-west").AlterClientQuotas(context.Background(), []kadm.AlterClientQuotaEntry{{
					Entity: kadm.ClientQuotaEntity{{Type: "user", Name: &name}},
					Ops:    []kadm.AlterClientQuotaOp{{Key: "consumer_byte_rate", Value: 1000}},
				}})
				if err != nil {
					t.Fatal(err)
				}
			},
			PlanOnly: true,
		},
		{
			Config:            quotaHCL(e.provider(""), entity, `{ producer_byte_rate = 1048576, consumer_byte_rate = 2097152 }`),
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(id))},
			Check:             quotas("map[consumer_byte_rate:2.097152e+06 producer_byte_rate:1.048576e+06]"),
		},
		{ResourceName: addr, ImportState: true, ImportStateId: id, ImportStateVerify: true},
		{
			Config: quotaHCL(e.provider(""), entity, `{ producer_byte_rate = 524288, request_percentage = 25 }`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
			}},
			Check: quotas("map[producer_byte_rate:524288 request_percentage:25]"),
		},
		{
			PreConfig: func() {
				name, client := "alice", "app"
				_, err := e.admin("eu-west").AlterClientQuotas(context.Background(), []kadm.AlterClientQuotaEntry{{
					Entity: kadm.ClientQuotaEntity{{Type: "user", Name: &name}, {Type: "client-id", Name: &client}},
					Ops:    []kadm.AlterClientQuotaOp{{Key: "producer_byte_rate", Value: 1}},
				}})
				if err != nil {
					t.Fatal(err)
				}
			},
			Config:             quotaHCL(e.provider(""), entity, `{ producer_byte_rate = 524288, request_percentage = 25 }`),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		},
	}
	e.run(append(quotaValidationSteps(e.provider("")), steps...)...)
}

func TestAccQuota_existingEntityMustBeImported(t *testing.T) {
	user := randomName("qexisting")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				name := user
				entity := kadm.ClientQuotaEntity{{Type: "user", Name: &name}}
				adm := labAdmin(t, "eu-west")
				if _, err := adm.AlterClientQuotas(testCtx(t), []kadm.AlterClientQuotaEntry{{Entity: entity, Ops: []kadm.AlterClientQuotaOp{{Key: "consumer_byte_rate", Value: 1000}}}}); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() {
					_, _ = labAdmin(t, "eu-west").AlterClientQuotas(testCtx(t), []kadm.AlterClientQuotaEntry{{Entity: entity, Ops: []kadm.AlterClientQuotaOp{{Key: "consumer_byte_rate", Remove: true}}}})
				})
			},
			Config:      quotaHCL(labProviderConfig(), fmt.Sprintf(`{ user = %q }`, user), `{ producer_byte_rate = 1 }`),
			PlanOnly:    true,
			ExpectError: errRe("Quota Entity Already Has Quotas", "eu-west|user="+user),
		}},
	})
}
