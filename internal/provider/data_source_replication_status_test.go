package provider

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/geokafka/terraform-provider-geokafka/internal/connect"
)

// status reads the link from us-east to ap-south, after the link.
const status = `
data "geokafka_replication_status" "s" {
  source     = "us-east"
  target     = "ap-south"
  depends_on = [geokafka_replication_link.l]
}
`

// noConnectStep asks for the status of a link into stretch, which has no connect_url.
func noConnectStep(provider string) resource.TestStep {
	return resource.TestStep{
		Config: provider + `
data "geokafka_replication_status" "s" {
  source = "us-east"
  target = "stretch"
}
`,
		ExpectError: errRe("No Connect Cluster", `cluster "stretch" has no connect_url`, "set the URL"),
	}
}

func TestAccReplicationStatus(t *testing.T) {
	testAccPreCheckSkipUnlessAcc(t)
	topic := randomName("status")
	if _, err := labAdmin(t, "us-east").CreateTopic(testCtx(t), 2, 1, nil, topic); err != nil {
		t.Fatal(err)
	}
	produceKeyed(t, "us-east", topic, 0, 50)
	link := func(state string) string {
		return labProviderConfig() + fmt.Sprintf(`
resource "geokafka_replication_link" "l" {
  source = "us-east"
  target = "ap-south"
  topics = [%q]
  state  = %q
  config = { "refresh.topics.interval.seconds" = "5" }
}
`, topic, state)
	}
	addr := "data.geokafka_replication_status.s"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			noConnectStep(labProviderConfig()),
			{
				Config: link("running"),
				Check: func(*terraform.State) error {
					if n := count(readAll(t, "ap-south", "us-east."+topic, 50, 60*time.Second)); n != 50 {
						return fmt.Errorf("copied %d records, want 50", n)
					}
					return nil
				},
			},
			{
				Config: link("running") + status,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("state"), knownvalue.StringExact("RUNNING")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("running"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("max_lag"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("topics"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"topic": knownvalue.StringExact(topic), "remote_topic": knownvalue.StringExact("us-east." + topic), "lag": knownvalue.Int64Exact(0),
							"lag_seconds": knownvalue.Float64Exact(0),
						}),
					})),
				},
			},
			{
				// Paused, 20 more records on the source: the status shows them missing.
				Config: link("paused") + status,
				Check: func(*terraform.State) error {
					produceKeyed(t, "us-east", topic, 50, 20)
					return nil
				},
			},
			{
				Config: link("paused") + status,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("state"), knownvalue.StringExact("PAUSED")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("running"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("max_lag"), knownvalue.Int64Exact(20)),
					// The 20 records were written during the previous step.
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("max_lag_seconds"), between(0.001, 120)),
				},
			},
		},
	})
}

// TestReplicationStatus: states from a fake Connect, lag from the end
// offsets of kfake topics (a remote topic filled by hand stands in for one
// MirrorMaker filled).
func TestReplicationStatus(t *testing.T) {
	e := newFakeEstate(t, "us-east", "ap-south", "stretch")
	e.noConnect["stretch"] = true
	e.createTopic("us-east", "orders", 2)
	// Partition 0: records 300, 200, 100, 60 and 30 s old, the copy has the
	// first 3, so the oldest it lacks is 60 s old (not 100: the newest
	// copied, nor 300: the oldest); partition 1: 50 s old, not copied.
	now := time.Now()
	ago := func(s int) time.Time { return now.Add(-time.Duration(s) * time.Second) }
	e.produceAt("us-east", "orders", 0, ago(300), ago(200), ago(100), ago(60), ago(30))
	e.produceAt("us-east", "orders", 1, ago(50), ago(49))
	e.createTopic("ap-south", "us-east.orders", 2)
	e.produceAt("ap-south", "us-east.orders", 0, ago(300), ago(200), ago(100))
	link := linkHCL(e.provider(""), "us-east", "ap-south", `["orders"]`, "")
	addr := "data.geokafka_replication_status.s"
	e.run(
		noConnectStep(e.provider("")),
		resource.TestStep{
			Config: link + status,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("state"), knownvalue.StringExact("RUNNING")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("running"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("max_lag"), knownvalue.Int64Exact(4)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("topics"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"topic": knownvalue.StringExact("orders"), "remote_topic": knownvalue.StringExact("us-east.orders"), "lag": knownvalue.Int64Exact(4),
						"lag_seconds": between(60, 90),
					}),
				})),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("max_lag_seconds"), between(60, 90)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("checkpoint_age_seconds"), knownvalue.Null()),
			},
		},
		resource.TestStep{
			// A checkpoint 30 s old on the target.
			PreConfig: func() {
				e.createTopic("ap-south", "us-east.checkpoints.internal", 1)
				e.produceAt("ap-south", "us-east.checkpoints.internal", 0, ago(40), ago(30))
			},
			Config: link + status,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("checkpoint_age_seconds"), between(30, 60)),
			},
		},
		resource.TestStep{
			PreConfig:          func() { e.connect.SetState("geokafka-us-east-to-ap-south-source", connect.Failed) },
			Config:             link + status,
			ExpectNonEmptyPlan: true,
			PlanOnly:           true,
		},
	)
}

// between checks a number in [lo, hi]: ages grow while a test runs.
func between(lo, hi float64) knownvalue.Check { return numberBetween{lo, hi} }

type numberBetween struct{ lo, hi float64 }

func (c numberBetween) CheckValue(v any) error {
	n, ok := v.(json.Number)
	if !ok {
		return fmt.Errorf("expected a number, got %T", v)
	}
	f, err := n.Float64()
	if err != nil {
		return err
	}
	if f < c.lo || f > c.hi {
		return fmt.Errorf("%v is not between %v and %v", f, c.lo, c.hi)
	}
	return nil
}

func (c numberBetween) String() string { return fmt.Sprintf("between %v and %v", c.lo, c.hi) }
