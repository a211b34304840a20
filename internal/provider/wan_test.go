package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/geokafka/terraform-provider-geokafka/internal/wanlab"
)

// Acceptance tests of the lab's distance between regions (lab/wan.sh): the
// provider runs at the CI runner's location and reaches every cluster, and
// the Kafka Connect worker in eu-west, through the WAN proxies, which a test
// cuts and heals.

// wan gives a test the lab's WAN proxies: set puts them in a state, on any
// goroutine; when the test ends they are back in the state lab-up or
// scripts/wan left (.lab/wan/state.json).
func wan(t *testing.T) (set func(wanlab.State) error) {
	t.Helper()
	api, root := os.Getenv("LAB_WAN_API"), os.Getenv("LAB_ROOT")
	if api == "" || root == "" {
		t.Fatal("LAB_WAN_API and LAB_ROOT are not set: WAN tests need the lab (make lab-up; source .lab/lab.env)")
	}
	c := wanlab.NewClient(api)
	before, err := wanlab.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.Apply(context.Background(), before); err != nil {
			t.Errorf("could not put the WAN proxies back: %v", err)
		}
	})
	return func(s wanlab.State) error { return c.Apply(context.Background(), s) }
}

// fromLocation is the lab.env list of a cluster's addresses from a location.
func fromLocation(t *testing.T, cluster, location string) []string {
	v := wanlab.BootstrapEnv(cluster, location)
	if os.Getenv(v) == "" {
		t.Fatalf("%s is not set: restart the lab (make lab-up)", v)
	}
	return strings.Split(os.Getenv(v), ",")
}

// ciProviderConfig is a provider at the CI runner: us-east and eu-west at
// their addresses from ci, their connectors at those from the Connect
// worker's region, and the worker (both clusters' connect_url) through the
// ci proxy; the clusters named offline are marked so.
func ciProviderConfig(t *testing.T, offline ...string) string {
	q := func(xs []string) string { b, _ := json.Marshal(xs); return string(b) }
	cr := os.Getenv("LAB_CONNECT_REGION")
	var b strings.Builder
	b.WriteString("provider \"geokafka\" {\n  clusters = {\n")
	for _, c := range []string{"us-east", "eu-west"} {
		fmt.Fprintf(&b, `    %q = {
      bootstrap_servers         = %s
      connect_bootstrap_servers = %s
      connect_url               = %q
      request_timeout           = "5s"
      offline                   = %t
    }
`, c, q(fromLocation(t, c, "ci")), q(fromLocation(t, c, cr)), os.Getenv("LAB_CONNECT_URL_FROM_CI"), slices.Contains(offline, c))
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

// connectorsOnLab lists the connectors of the lab's worker at its own
// address, which no cut-off reaches.
func connectorsOnLab(ctx context.Context) ([]string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, os.Getenv("LAB_CONNECT_URL")+"/connectors", nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /connectors: %s", resp.Status)
	}
	var names []string
	return names, json.NewDecoder(resp.Body).Decode(&names)
}

// TestAccWAN_linkTargetCutOffMidApply: eu-west, the target of a link and
// the home of its Kafka Connect, is cut off while the apply that creates the
// link runs. The apply gives up within the link's create timeout with an
// error that says where; after the heal, the next apply converges, copies
// the records, and the plan after it is empty.
func TestAccWAN_linkTargetCutOffMidApply(t *testing.T) {
	testAccPreCheckSkipUnlessAcc(t)
	set := wan(t)
	// The default distance, then eu-west cut off on top of it.
	dflt, cutOff := wanlab.Default(), wanlab.Default()
	cutOff.Partition("eu-west")
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(set(dflt))
	topic := randomName("wan-cut")
	if _, err := labAdmin(t, "us-east").CreateTopic(testCtx(t), 1, 1, nil, topic); err != nil {
		t.Fatal(err)
	}
	produceKeyed(t, "us-east", topic, 0, 20)
	cfg := ciProviderConfig(t) + fmt.Sprintf(`
resource "geokafka_replication_link" "l" {
  source   = "us-east"
  target   = "eu-west"
  topics   = [%q]
  config   = { "refresh.topics.interval.seconds" = "5" }
  timeouts = { create = "45s" }
}
`, topic)
	source := "geokafka-us-east-to-eu-west-source"
	deleteConnectorsOnLab(t, "geokafka-us-east-to-eu-west-") // an earlier run's, which would cut off too early
	cut := make(chan error, 1)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				// Cut eu-west off as soon as the apply has written the source
				// connector: the rest of the apply runs into the cut-off.
				PreConfig: func() {
					go func() {
						ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
						defer cancel()
						for ctx.Err() == nil {
							if names, err := connectorsOnLab(ctx); err == nil && slices.Contains(names, source) {
								cut <- set(cutOff)
								return
							}
							time.Sleep(50 * time.Millisecond)
						}
						cut <- fmt.Errorf("the source connector %s did not appear on Kafka Connect", source)
					}()
				},
				Config: cfg,
				// Where the cut-off lands decides which call gives up first:
				// each names eu-west's Kafka Connect.
				ExpectError: regexp.MustCompile(`(?s)Kafka\s+Connect\s+of\s+cluster\s+"eu-west".*cannot\s+reach.*(deadline|timed out|timeout)`),
			},
			{
				PreConfig: func() {
					if err := <-cut; err != nil {
						t.Fatalf("the cut-off did not happen: %v", err)
					}
					must(set(dflt))
					waitConnect(t)
				},
				Config: cfg,
				Check: func(*terraform.State) error {
					if n := count(readAll(t, "eu-west", "us-east."+topic, 20, 90*time.Second)); n != 20 {
						return fmt.Errorf("copied %d records after the heal, want 20", n)
					}
					return nil
				},
			},
		},
	})
}

// deleteConnectorsOnLab deletes the lab worker's connectors whose names
// start with prefix.
func deleteConnectorsOnLab(t *testing.T, prefix string) {
	t.Helper()
	names, err := connectorsOnLab(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if !strings.HasPrefix(n, prefix) {
			continue
		}
		req, _ := http.NewRequestWithContext(testCtx(t), http.MethodDelete, os.Getenv("LAB_CONNECT_URL")+"/connectors/"+n, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
	}
}

// waitConnect waits until the lab's worker answers again after a cut-off
// (it rejoins its group first).
func waitConnect(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, err := connectorsOnLab(ctx)
		cancel()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("Kafka Connect does not answer 2 minutes after the heal: %v", err)
		}
		time.Sleep(time.Second)
	}
}

// TestAccWAN_splitBrainStrandedRecords: us-east, the active cluster, is cut
// off but keeps taking writes from its own region; the fail-over to eu-west
// (us-east offline) replaces the identity link by its reverse, pending. When
// the partition heals, the plan that starts the reverse link counts the
// records us-east took after the fail-over, which eu-west never received,
// and a catch-up link from us-east that starts at the reverse link's
// resume_from copies exactly those to eu-west, under a prefixed name, while
// the reverse link waits stopped.
func TestAccWAN_splitBrainStrandedRecords(t *testing.T) {
	testAccPreCheckSkipUnlessAcc(t)
	set := wan(t)
	dflt, cutOff := wanlab.Default(), wanlab.Default()
	cutOff.Partition("us-east")
	if err := set(dflt); err != nil {
		t.Fatal(err)
	}
	topic := randomName("wan-split")
	for _, c := range []string{"us-east", "eu-west"} {
		if _, err := labAdmin(t, c).CreateTopic(testCtx(t), 1, 1, nil, topic); err != nil {
			t.Fatal(err)
		}
	}
	deleteConnectorsOnLab(t, "geokafka-us-east-to-eu-west-")
	deleteConnectorsOnLab(t, "geokafka-eu-west-to-us-east-")
	produceKeyed(t, "us-east", topic, 0, 10)
	linkFrom := func(source, target string, extra ...string) string {
		return fmt.Sprintf(`
resource "geokafka_replication_link" "%s_to_%s" {
  source = %q
  target = %q
  topics = [%q]
  naming = "identity"
  config = { "refresh.topics.interval.seconds" = "5" }
%s
}
`, strings.ReplaceAll(source, "-", "_"), strings.ReplaceAll(target, "-", "_"), source, target, topic, strings.Join(extra, "\n"))
	}
	catchUp := fmt.Sprintf(`
resource "geokafka_replication_link" "catch_up" {
  source        = "us-east"
  target        = "eu-west"
  topics        = [%q]
  start_offsets = geokafka_replication_link.eu_west_to_us_east.resume_from
  config        = { "refresh.topics.interval.seconds" = "5" }
}
`, topic)
	reverse := "geokafka_replication_link.eu_west_to_us_east"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				// us-east active: its 10 records reach eu-west.
				Config: ciProviderConfig(t) + linkFrom("us-east", "eu-west"),
				Check: func(*terraform.State) error {
					if n := count(readAll(t, "eu-west", topic, 10, 90*time.Second)); n != 10 {
						return fmt.Errorf("%d records copied to eu-west, want 10", n)
					}
					return nil
				},
			},
			{
				// us-east is cut off; the fail-over declares it offline.
				// Then its own producers write 6 more records to it.
				PreConfig: func() {
					if err := set(cutOff); err != nil {
						t.Fatal(err)
					}
				},
				Config: ciProviderConfig(t, "us-east") + linkFrom("eu-west", "us-east"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(reverse, tfjsonpath.New("resume_from"), knownvalue.MapExact(map[string]knownvalue.Check{
						topic + "/0": knownvalue.Int64Exact(10),
					})),
				},
				Check: func(*terraform.State) error {
					produceKeyed(t, "us-east", topic, 10, 6)
					return nil
				},
			},
			{
				// Healed: the plan that starts the reverse link, stopped for
				// now, counts them, and the catch-up link copies exactly them.
				PreConfig: func() {
					if err := set(dflt); err != nil {
						t.Fatal(err)
					}
					waitConnect(t)
				},
				Config: ciProviderConfig(t) + linkFrom("eu-west", "us-east", `  state = "stopped"`) + catchUp,
				// The plan warns of them and the apply counts them as the
				// link starts; the catch-up link's offsets show in the plan.
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(reverse, tfjsonpath.New("stranded_records")),
					plancheck.ExpectKnownValue("geokafka_replication_link.catch_up", tfjsonpath.New("start_offsets"), knownvalue.MapExact(map[string]knownvalue.Check{
						topic + "/0": knownvalue.Int64Exact(10),
					})),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(reverse, tfjsonpath.New("stranded_records"), knownvalue.MapExact(map[string]knownvalue.Check{
						topic: knownvalue.Int64Exact(6),
					})),
				},
				Check: func(*terraform.State) error {
					if n := count(readAll(t, "eu-west", "us-east."+topic, 6, 90*time.Second)); n < 6 {
						return fmt.Errorf("the catch-up copied %d records, want the 6 stranded", n)
					}
					// Read again, waiting for one more that must not come.
					got := readAll(t, "eu-west", "us-east."+topic, 7, 10*time.Second)
					var keys []string
					for _, r := range got[0] {
						keys = append(keys, string(r.Key))
					}
					want := []string{"k-10", "k-11", "k-12", "k-13", "k-14", "k-15"}
					if !slices.Equal(keys, want) {
						return fmt.Errorf("the catch-up copied %v to us-east.%s on eu-west, want exactly the stranded %v", keys, topic, want)
					}
					return nil
				},
			},
			{
				// Caught up: the catch-up link goes, the reverse link runs.
				Config: ciProviderConfig(t) + linkFrom("eu-west", "us-east"),
			},
		},
	})
}
