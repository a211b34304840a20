package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
)

func scramHCL(provider string, user, mechanism, password string, iterations int) string {
	return scramHCLOn("secure", provider, user, mechanism, password, iterations)
}

func scramHCLOn(cluster, provider string, user, mechanism, password string, iterations int) string {
	return provider + fmt.Sprintf(`
resource "geokafka_scram_credential" "u" {
  cluster    = %q
  username   = %q
  mechanism  = %q
  password   = %q
  iterations = %d
}
`, cluster, user, mechanism, password, iterations)
}

// canLogIn reports whether user/password authenticates on the SCRAM listener
// of a lab cluster (see scramClient).
func canLogIn(t *testing.T, cluster, mechanism, user, password string) error {
	cl := scramClient(t, cluster, mechanism, user, password)
	err := cl.Ping(testCtx(t))
	if err != nil && !errors.Is(err, kerr.SaslAuthenticationFailed) {
		return fmt.Errorf("unexpected error logging in as %s: %w", user, err)
	}
	if err != nil {
		return errLoginRefused
	}
	return nil
}

var errLoginRefused = errors.New("login refused")

func loginCheck(t *testing.T, cluster, mechanism, user, password string, want bool) statecheck.StateCheck {
	return stateCheckFunc(func() error {
		err := canLogIn(t, cluster, mechanism, user, password)
		switch {
		case want && err != nil:
			return fmt.Errorf("%s could not log in with the configured password: %w", user, err)
		case !want && err == nil:
			return fmt.Errorf("%s logged in with a password that should be refused", user)
		case !want && !errors.Is(err, errLoginRefused):
			return err
		}
		return nil
	})
}

func TestAccSCRAMCredential_lifecycle(t *testing.T) {
	onEachRelease(t, "secure", func(t *testing.T, cluster string) {
		user := randomName("svc")
		addr := "geokafka_scram_credential.u"
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { testAccPreCheck(t) },
			ProtoV6ProviderFactories: testAccProviders,
			CheckDestroy: func(*terraform.State) error {
				if err := canLogIn(t, cluster, "SCRAM-SHA-512", user, "second-password"); !errors.Is(err, errLoginRefused) {
					return fmt.Errorf("after destroy, login gave %w, want refused", err)
				}
				return nil
			},
			Steps: []resource.TestStep{
				{
					Config: scramHCLOn(cluster, labProviderConfig(), user, "SCRAM-SHA-512", "first-password", 4096),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(cluster+"|"+user+"|SCRAM-SHA-512")),
						statecheck.ExpectSensitiveValue(addr, tfjsonpath.New("password")),
						loginCheck(t, cluster, "SCRAM-SHA-512", user, "first-password", true),
						loginCheck(t, cluster, "SCRAM-SHA-512", user, "wrong", false),
					},
				},
				{
					// New password and iterations, in place: only the new one works.
					Config: scramHCLOn(cluster, labProviderConfig(), user, "SCRAM-SHA-512", "second-password", 8192),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						loginCheck(t, cluster, "SCRAM-SHA-512", user, "second-password", true),
						loginCheck(t, cluster, "SCRAM-SHA-512", user, "first-password", false),
					},
				},
				{
					ResourceName:                         addr,
					ImportState:                          true,
					ImportStateId:                        cluster + "|" + user + "|SCRAM-SHA-512",
					ImportStateVerify:                    true,
					ImportStateVerifyIgnore:              []string{"password"},
					ImportStateVerifyIdentifierAttribute: "id",
				},
				{
					// Iterations changed out of band show as drift.
					PreConfig: func() {
						adm := labAdmin(t, scramAdmin(cluster))
						if err := upsertSCRAM(t, adm, user, "second-password", 4096); err != nil {
							t.Fatal(err)
						}
					},
					Config: scramHCLOn(cluster, labProviderConfig(), user, "SCRAM-SHA-512", "second-password", 8192),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					}},
				},
			},
		})
	})
}

func TestAccSCRAMCredential_validation(t *testing.T) {
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps:                    scramValidationSteps(labProviderConfig()),
	})
}

// scramValidationSteps are credentials refused at plan, with no call to Kafka.
func scramValidationSteps(provider string) []resource.TestStep {
	return []resource.TestStep{
		{Config: scramHCL(provider, "u", "SCRAM-SHA-1", "p", 4096), PlanOnly: true, ExpectError: errRe("mechanism", "SCRAM-SHA-256")},
		{Config: scramHCL(provider, "u", "SCRAM-SHA-256", "p", 1000), PlanOnly: true, ExpectError: errRe("iterations", "between 4096 and 16384")},
		{Config: scramHCL(provider, "u", "SCRAM-SHA-256", "", 4096), PlanOnly: true, ExpectError: errRe("password", "at least 1")},
	}
}

func TestSCRAMCredential_lifecycleAndValidation(t *testing.T) {
	e := newFakeEstate(t, "secure")
	addr := "geokafka_scram_credential.u"
	iterations := func(want int) resource.TestCheckFunc {
		return func(*terraform.State) error {
			ds, err := e.admin("secure").DescribeUserSCRAMs(context.Background(), "svc")
			if err != nil {
				return err
			}
			got := -1
			if d, ok := ds["svc"]; ok && d.Err == nil && len(d.CredInfos) == 1 {
				got = int(d.CredInfos[0].Iterations)
			}
			if got != want {
				return fmt.Errorf("credential of svc on the cluster has %d iterations, want %d", got, want)
			}
			return nil
		}
	}
	steps := []resource.TestStep{
		{
			Config: scramHCL(e.provider(""), "svc", "SCRAM-SHA-512", "first-password", 4096),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact("secure|svc|SCRAM-SHA-512")),
				statecheck.ExpectSensitiveValue(addr, tfjsonpath.New("password")),
			},
			Check: iterations(4096),
		},
		{
			Config: scramHCL(e.provider(""), "svc", "SCRAM-SHA-512", "second-password", 8192),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
			}},
			Check: iterations(8192),
		},
		{
			ResourceName:                         addr,
			ImportState:                          true,
			ImportStateId:                        "secure|svc|SCRAM-SHA-512",
			ImportStateVerify:                    true,
			ImportStateVerifyIgnore:              []string{"password"},
			ImportStateVerifyIdentifierAttribute: "id",
		},
		{
			// Deleted out of band: planned for creation again.
			PreConfig: func() {
				_, err := e.admin("secure").AlterUserSCRAMs(context.Background(), []kadm.DeleteSCRAM{{User: "svc", Mechanism: kadm.ScramSha512}}, nil)
				if err != nil {
					t.Fatal(err)
				}
			},
			Config: scramHCL(e.provider(""), "svc", "SCRAM-SHA-512", "second-password", 8192),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
			}},
			Check: iterations(8192),
		},
	}
	e.run(append(scramValidationSteps(e.provider("")), steps...)...)
}

func scramWriteOnlyHCL(user, password string, version int) string {
	return labProviderConfig() + fmt.Sprintf(`
resource "geokafka_scram_credential" "u" {
  cluster             = "secure"
  username            = %q
  mechanism           = "SCRAM-SHA-512"
  password_wo         = %q
  password_wo_version = %d
}
`, user, password, version)
}

// stateLacks fails when s appears anywhere in the state terraform shows,
// sensitive values included.
type stateLacks string

func (s stateLacks) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	b, err := json.Marshal(req.State)
	switch {
	case err != nil:
		resp.Error = err
	case strings.Contains(string(b), string(s)):
		resp.Error = fmt.Errorf("the state holds %q", string(s))
	}
}

// A write-only password is in neither plan nor state; bumping its version
// sets the new one (the old one is refused), and a new password without a
// new version changes nothing, as documented.
func TestAccSCRAMCredential_writeOnlyPassword(t *testing.T) {
	user := randomName("svc-wo")
	addr := "geokafka_scram_credential.u"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			// Refused at plan, before anything exists.
			planError(labProviderConfig()+fmt.Sprintf(`
resource "geokafka_scram_credential" "u" {
  cluster     = "secure"
  username    = %q
  mechanism   = "SCRAM-SHA-512"
  password    = "both"
  password_wo = "both"
  password_wo_version = 1
}
`, user), "password", "password_wo"),
			planError(labProviderConfig()+fmt.Sprintf(`
resource "geokafka_scram_credential" "u" {
  cluster     = "secure"
  username    = %q
  mechanism   = "SCRAM-SHA-512"
  password_wo = "no-version"
}
`, user), "password_wo_version"),
			{
				Config: scramWriteOnlyHCL(user, "wo-first-password", 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("password_wo"), knownvalue.Null()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					stateLacks("wo-first-password"),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("password"), knownvalue.Null()),
					loginCheck(t, "secure", "SCRAM-SHA-512", user, "wo-first-password", true),
				},
			},
			{
				Config: scramWriteOnlyHCL(user, "wo-second-password", 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					stateLacks("wo-second-password"),
					loginCheck(t, "secure", "SCRAM-SHA-512", user, "wo-second-password", true),
					loginCheck(t, "secure", "SCRAM-SHA-512", user, "wo-first-password", false),
				},
			},
			{
				Config:           scramWriteOnlyHCL(user, "wo-third-password", 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					loginCheck(t, "secure", "SCRAM-SHA-512", user, "wo-second-password", true),
				},
			},
		},
	})
}
