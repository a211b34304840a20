package provider

import (
	"context"
	"errors"
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
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/geokafka/terraform-provider-geokafka/internal/connect"
)

func linkHCL(provider, source, target, topics, extra string) string {
	return provider + fmt.Sprintf(`
resource "geokafka_replication_link" "l" {
  source = %q
  target = %q
  topics = %s
  config = { "refresh.topics.interval.seconds" = "5", "refresh.groups.interval.seconds" = "5" }
%s
}
`, source, target, topics, extra)
}

// produceKeyed writes n records with keys k-<i> and values v-<i>.
func produceKeyed(t *testing.T, cluster, topic string, from, n int) {
	t.Helper()
	cl := labClient(t, cluster, kgo.RequiredAcks(kgo.AllISRAcks()))
	recs := make([]*kgo.Record, n)
	for i := range recs {
		recs[i] = &kgo.Record{Topic: topic, Key: []byte(fmt.Sprintf("k-%d", from+i)), Value: []byte(fmt.Sprintf("v-%d", from+i))}
	}
	if err := cl.ProduceSync(testCtx(t), recs...).FirstErr(); err != nil {
		t.Fatalf("produce to %s/%s: %v", cluster, topic, err)
	}
}

// readAll reads a topic from the start until want records arrived or the
// wait ends; it returns the records by partition in offset order.
func readAll(t *testing.T, cluster, topic string, want int, wait time.Duration) map[int32][]*kgo.Record {
	cl := labClient(t, cluster, kgo.ConsumeTopics(topic), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	out := map[int32][]*kgo.Record{}
	got := 0
	for got < want && ctx.Err() == nil {
		cl.PollFetches(ctx).EachRecord(func(r *kgo.Record) {
			out[r.Partition] = append(out[r.Partition], r)
			got++
		})
	}
	return out
}

func count(m map[int32][]*kgo.Record) int {
	n := 0
	for _, rs := range m {
		n += len(rs)
	}
	return n
}

// connectorAction pauses or resumes a connector behind Terraform's back and
// waits until Connect reports the new state.
func connectorAction(t *testing.T, name, action, state string) {
	req, _ := http.NewRequest(http.MethodPut, os.Getenv("LAB_CONNECT_URL")+"/connectors/"+name+"/"+action, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s: HTTP %d", action, name, resp.StatusCode)
	}
	cc := connect.New(os.Getenv("LAB_CONNECT_URL"))
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if s, err := cc.Status(testCtx(t), name); err == nil && s.Connector.State == state {
			return
		}
	}
	t.Fatalf("connector %s did not reach %s", name, state)
}

func TestAccReplicationLink_copiesRecordsAndOffsets(t *testing.T) {
	testAccPreCheckSkipUnlessAcc(t)
	topic, group := randomName("orders"), randomName("billing")
	remote := "us-east." + topic
	if _, err := labAdmin(t, "us-east").CreateTopic(testCtx(t), 3, 1, nil, topic); err != nil {
		t.Fatal(err)
	}
	produceKeyed(t, "us-east", topic, 0, 1000)
	// A consumer group reads 400 records on us-east and commits.
	consumeAndCommit(t, "us-east", topic, group, 400)

	names := fmt.Sprintf(`[%q]`, topic)
	running := linkHCL(labProviderConfig(), "us-east", "eu-west", names, "")
	sourceConnector := "geokafka-us-east-to-eu-west-source"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: func(*terraform.State) error {
			// Destroying the link keeps the remote topic and its records.
			if n := count(readAll(t, "eu-west", remote, 1100, 20*time.Second)); n < 1100 {
				return fmt.Errorf("after destroy, %s holds %d records, want 1100", remote, n)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: running,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("geokafka_replication_link.l", tfjsonpath.New("id"), knownvalue.StringExact("us-east|eu-west")),
					statecheck.ExpectKnownValue("geokafka_replication_link.l", tfjsonpath.New("connector_names"), knownvalue.ListSizeExact(3)),
					stateCheckFunc(func() error { return checkCopied(t, topic, remote) }),
					stateCheckFunc(func() error { return checkTranslatedOffsets(t, group, remote) }),
				},
			},
			{Config: running, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			{
				Config: linkHCL(labProviderConfig(), "us-east", "eu-west", names, `  state = "paused"`),
				ConfigStateChecks: []statecheck.StateCheck{stateCheckFunc(func() error {
					produceKeyed(t, "us-east", topic, 1000, 100)
					if n := count(readAll(t, "eu-west", remote, 1001, 15*time.Second)); n != 1000 {
						return fmt.Errorf("while paused, %s holds %d records, want 1000", remote, n)
					}
					return nil
				})},
			},
			{
				// Paused out of band while configured running: drift.
				PreConfig: func() { connectorAction(t, sourceConnector, "resume", "RUNNING") },
				Config:    linkHCL(labProviderConfig(), "us-east", "eu-west", names, `  state = "paused"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("geokafka_replication_link.l", plancheck.ResourceActionUpdate),
				}},
			},
			{
				// Resume; add a second pattern in place: nothing is copied twice.
				Config: linkHCL(labProviderConfig(), "us-east", "eu-west", fmt.Sprintf(`[%q, %q]`, topic, topic+"-extra"), ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("geokafka_replication_link.l", plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{stateCheckFunc(func() error {
					if n := count(readAll(t, "eu-west", remote, 1100, 60*time.Second)); n != 1100 {
						return fmt.Errorf("after resuming, %s holds %d records, want 1100", remote, n)
					}
					time.Sleep(5 * time.Second)
					if n := count(readAll(t, "eu-west", remote, 1101, 10*time.Second)); n != 1100 {
						return fmt.Errorf("after the update, %s holds %d records, want still 1100 (re-copied?)", remote, n)
					}
					return nil
				})},
			},
			{
				// A connector deleted out of band shows in the next plan.
				PreConfig: func() {
					req, _ := http.NewRequest(http.MethodDelete, os.Getenv("LAB_CONNECT_URL")+"/connectors/geokafka-us-east-to-eu-west-heartbeat", nil)
					if resp, err := http.DefaultClient.Do(req); err == nil {
						resp.Body.Close()
					}
				},
				Config: linkHCL(labProviderConfig(), "us-east", "eu-west", fmt.Sprintf(`[%q, %q]`, topic, topic+"-extra"), ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("geokafka_replication_link.l", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue("geokafka_replication_link.l", tfjsonpath.New("state"), knownvalue.StringExact("running")),
				}},
			},
		},
	})
}

// checkCopied waits up to 60 s for every record of the source topic to be
// readable from the remote topic, with the same keys and values in the same
// per-partition order.
func checkCopied(t *testing.T, topic, remote string) error {
	src := readAll(t, "us-east", topic, 1000, 30*time.Second)
	dst := readAll(t, "eu-west", remote, 1000, 60*time.Second)
	if count(dst) != 1000 {
		return fmt.Errorf("%s on eu-west holds %d records after 60s, want 1000", remote, count(dst))
	}
	for p, rs := range src {
		if len(dst[p]) != len(rs) {
			return fmt.Errorf("partition %d: %d records copied, want %d", p, len(dst[p]), len(rs))
		}
		for i, r := range rs {
			if string(dst[p][i].Key) != string(r.Key) || string(dst[p][i].Value) != string(r.Value) {
				return fmt.Errorf("partition %d record %d: got %s=%s, want %s=%s", p, i, dst[p][i].Key, dst[p][i].Value, r.Key, r.Value)
			}
		}
	}
	return nil
}

func consumeAndCommit(t *testing.T, cluster, topic, group string, n int) {
	t.Helper()
	cl := labClient(t, cluster, kgo.ConsumeTopics(topic), kgo.ConsumerGroup(group),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.DisableAutoCommit(), kgo.FetchMaxPartitionBytes(1000))
	ctx := testCtx(t)
	got := 0
	for got < n && ctx.Err() == nil {
		fs := cl.PollRecords(ctx, n-got)
		recs := fs.Records()
		got += len(recs)
		if err := cl.CommitRecords(ctx, recs...); err != nil {
			t.Fatal(err)
		}
	}
	if got != n {
		t.Fatalf("consumed %d records, want %d", got, n)
	}
	cl.Close()
}

// checkTranslatedOffsets waits for MirrorMaker to write the group's offsets
// for the remote topic on eu-west: above zero, not beyond what was consumed.
func checkTranslatedOffsets(t *testing.T, group, remote string) error {
	deadline := time.Now().Add(90 * time.Second)
	var total int64
	for time.Now().Before(deadline) {
		os, err := labAdmin(t, "eu-west").FetchOffsetsForTopics(testCtx(t), group, remote)
		if err == nil {
			total = 0
			os.Each(func(o kadmOffset) {
				if o.Topic == remote && o.At > 0 {
					total += o.At
				}
			})
			if total > 0 {
				if total > 400 {
					return fmt.Errorf("translated offsets of %s sum to %d, beyond the 400 records consumed", group, total)
				}
				return nil
			}
		}
		time.Sleep(2 * time.Second)
	}
	return fmt.Errorf("no translated offset for group %s on %s after 90s", group, remote)
}

func TestAccReplicationLink_activeActiveDoesNotLoop(t *testing.T) {
	testAccPreCheckSkipUnlessAcc(t)
	a, b := randomName("aa-east"), randomName("aa-west")
	for cluster, topic := range map[string]string{"us-east": a, "eu-west": b} {
		if _, err := labAdmin(t, cluster).CreateTopic(testCtx(t), 1, 1, nil, topic); err != nil {
			t.Fatal(err)
		}
		produceKeyed(t, cluster, topic, 0, 10)
	}
	cfg := labProviderConfig() + `
resource "geokafka_replication_link" "east_to_west" {
  source = "us-east"
  target = "eu-west"
  topics = ["aa-.*"]
  config = { "refresh.topics.interval.seconds" = "5" }
}

resource "geokafka_replication_link" "west_to_east" {
  source = "eu-west"
  target = "us-east"
  topics = ["aa-.*"]
  config = { "refresh.topics.interval.seconds" = "5" }
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{stateCheckFunc(func() error {
				if n := count(readAll(t, "eu-west", "us-east."+a, 10, 60*time.Second)); n != 10 {
					return fmt.Errorf("us-east.%s on eu-west has %d records, want 10", a, n)
				}
				if n := count(readAll(t, "us-east", "eu-west."+b, 10, 60*time.Second)); n != 10 {
					return fmt.Errorf("eu-west.%s on us-east has %d records, want 10", b, n)
				}
				time.Sleep(12 * time.Second) // two more topic refreshes
				for cluster, looped := range map[string]string{"eu-west": "eu-west.us-east." + a, "us-east": "us-east.eu-west." + b} {
					if _, ok := topicDetail(t, cluster, looped); ok {
						return fmt.Errorf("%s exists on %s: the links loop", looped, cluster)
					}
				}
				return nil
			})},
		}},
	})
}

func TestAccReplicationLink_identityLoopRefused(t *testing.T) {
	testAccPreCheckSkipUnlessAcc(t)
	forward := labProviderConfig() + `
resource "geokafka_replication_link" "dr" {
  source = "us-east"
  target = "ap-south"
  topics = ["dr-loop-test"]
  naming = "identity"
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: forward},
			{
				ResourceName:            "geokafka_replication_link.dr",
				ImportState:             true,
				ImportStateId:           "us-east|ap-south",
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"status", "timeouts"},
			},
			{
				Config: forward + `
resource "geokafka_replication_link" "back" {
  source = "ap-south"
  target = "us-east"
  topics = ["dr-loop-test"]
  naming = "identity"
}
`,
				ExpectError: errRe("Replication Loop", "ap-south -> (identity) us-east -> (identity) ap-south", "around it forever"),
			},
		},
	})
}

func TestAccReplicationLink_validation(t *testing.T) {
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps:                    linkValidationSteps(labProviderConfig()),
	})
}

// linkValidationSteps are links refused at plan, with no call to Kafka or
// Connect. The provider has us-east and eu-west with a connect_url, and
// stretch without.
func linkValidationSteps(provider string) []resource.TestStep {
	return []resource.TestStep{
		planError(linkHCL(provider, "us-east", "us-east", `["x"]`, ""), "Link To Itself"),
		planError(linkHCL(provider, "us-east", "eu-west", `["a,b"]`, ""), "Invalid Pattern", "comma"),
		planError(linkHCL(provider, "us-east", "eu-west", `[]`, ""), "topics", "at least 1"),
		planError(linkHCL(provider, "us-east", "eu-west", `["x"]`, `  naming = "mirror"`), "naming", "prefixed"),
		planError(linkHCL(provider, "us-east", "stretch", `["x"]`, ""), "Invalid Replication Link", `cluster "stretch" has no connect_url`),
		planError(provider+`
resource "geokafka_replication_link" "l" {
  source = "us-east"
  target = "eu-west"
  topics = ["x"]
  config = { "topics" = "y" }
}`, "Property Set By The Link", `"topics"`),
		planError(provider+`
resource "geokafka_replication_link" "l" {
  source = "mars"
  target = "eu-west"
  topics = ["x"]
}`, "Unknown Cluster", "mars"),
	}
}

func TestAccReplicationLink_startFromLatestAndReconfiguredDrift(t *testing.T) {
	testAccPreCheckSkipUnlessAcc(t)
	topic := randomName("latest")
	if _, err := labAdmin(t, "eu-west").CreateTopic(testCtx(t), 1, 1, nil, topic); err != nil {
		t.Fatal(err)
	}
	produceKeyed(t, "eu-west", topic, 0, 10)
	cfg := labProviderConfig() + fmt.Sprintf(`
resource "geokafka_replication_link" "l" {
  source     = "eu-west"
  target     = "ap-south"
  topics     = [%q]
  start_from = "latest"
}
`, topic)
	remote := "eu-west." + topic
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{stateCheckFunc(func() error {
					// Wait for the remote topic (the task has its partitions), then
					// only records produced from now on arrive.
					deadline := time.Now().Add(60 * time.Second)
					for time.Now().Before(deadline) {
						if _, ok := topicDetail(t, "ap-south", remote); ok {
							break
						}
						time.Sleep(time.Second)
					}
					time.Sleep(3 * time.Second)
					produceKeyed(t, "eu-west", topic, 10, 5)
					got := readAll(t, "ap-south", remote, 6, 30*time.Second)
					if n := count(got); n != 5 {
						return fmt.Errorf("start_from = latest copied %d records, want the 5 produced after the link", n)
					}
					return nil
				})},
			},
			{
				// The topics of the source connector changed through Connect's REST API.
				PreConfig: func() {
					cc := connect.New(os.Getenv("LAB_CONNECT_URL"))
					name := "geokafka-eu-west-to-ap-south-source"
					c, err := cc.Config(testCtx(t), name)
					if err != nil {
						t.Fatal(err)
					}
					c["topics"] = "something-else"
					if err := cc.Put(testCtx(t), name, c); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("geokafka_replication_link.l", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue("geokafka_replication_link.l", tfjsonpath.New("topics"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(topic)})),
				}},
			},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

// A link created with start_from = "latest" ignores the positions an earlier
// link in the same direction left in Kafka Connect: what was produced while
// no link ran is not copied (a fail-back must not copy the reverse link's
// copies back).
func TestAccReplicationLink_latestDiscardsEarlierPositions(t *testing.T) {
	testAccPreCheckSkipUnlessAcc(t)
	topic := randomName("resume")
	if _, err := labAdmin(t, "eu-west").CreateTopic(testCtx(t), 1, 1, nil, topic); err != nil {
		t.Fatal(err)
	}
	produceKeyed(t, "eu-west", topic, 0, 5)
	link := func(startFrom string) string {
		return labProviderConfig() + fmt.Sprintf(`
resource "geokafka_replication_link" "l" {
  source     = "eu-west"
  target     = "ap-south"
  topics     = [%q]
  start_from = %q
}
`, topic, startFrom)
	}
	remote := "eu-west." + topic
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: link("earliest"),
				ConfigStateChecks: []statecheck.StateCheck{stateCheckFunc(func() error {
					if n := count(readAll(t, "ap-south", remote, 5, 60*time.Second)); n != 5 {
						return fmt.Errorf("the first link copied %d records, want 5", n)
					}
					return nil
				})},
			},
			{
				// No link: 7 records are produced that nothing copies.
				Config: labProviderConfig(),
				ConfigStateChecks: []statecheck.StateCheck{stateCheckFunc(func() error {
					time.Sleep(5 * time.Second) // the deleted connector's task has stopped
					produceKeyed(t, "eu-west", topic, 5, 7)
					return nil
				})},
			},
			{
				Config: link("latest"),
				ConfigStateChecks: []statecheck.StateCheck{stateCheckFunc(func() error {
					time.Sleep(5 * time.Second) // the task has sought to the end
					produceKeyed(t, "eu-west", topic, 12, 3)
					if n := count(readAll(t, "ap-south", remote, 9, 20*time.Second)); n != 8 {
						return fmt.Errorf("the remote topic holds %d records, want 8: the 5 of the first link and the 3 produced after the second (not the 7 in between)", n)
					}
					return nil
				})},
			},
		},
	})
}

// A link created while its target is offline is pending: it records where
// the source's topics end, runs nothing, can be removed without the target,
// and once the target is back starts there (a fail-over with the passive
// cluster lost must not copy back what that cluster already holds).
func TestAccReplicationLink_pendingWhileTargetOffline(t *testing.T) {
	testAccPreCheckSkipUnlessAcc(t)
	topic := randomName("pending")
	if _, err := labAdmin(t, "eu-west").CreateTopic(testCtx(t), 2, 1, nil, topic); err != nil {
		t.Fatal(err)
	}
	produceKeyed(t, "eu-west", topic, 0, 6)
	ends, err := labAdmin(t, "eu-west").ListEndOffsets(testCtx(t), topic)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]knownvalue.Check{}
	ends.Each(func(o kadm.ListedOffset) {
		want[fmt.Sprintf("%s/%d", topic, o.Partition)] = knownvalue.Int64Exact(o.Offset)
	})
	config := func(offline, withLink bool) string {
		apSouth := fmt.Sprintf(`{ bootstrap_servers = [%q], connect_url = %q }`, bootstrap("ap-south")[0], os.Getenv("LAB_CONNECT_URL"))
		if offline {
			apSouth = `{ bootstrap_servers = ["127.0.0.1:1"], connect_url = "http://127.0.0.1:1", offline = true }`
		}
		cfg := fmt.Sprintf(`
provider "geokafka" {
  clusters = {
    "eu-west"  = { bootstrap_servers = [%q], connect_url = %q }
    "ap-south" = %s
  }
}
`, bootstrap("eu-west")[0], os.Getenv("LAB_CONNECT_URL"), apSouth)
		if withLink {
			cfg += fmt.Sprintf(`
resource "geokafka_replication_link" "l" {
  source = "eu-west"
  target = "ap-south"
  topics = [%q]
}
`, topic)
		}
		return cfg
	}
	addr := "geokafka_replication_link.l"
	source := "geokafka-eu-west-to-ap-south-source"
	noConnector := stateCheckFunc(func() error {
		if _, err := connect.New(os.Getenv("LAB_CONNECT_URL")).Status(testCtx(t), source); !errors.Is(err, connect.ErrNotFound) {
			return fmt.Errorf("connector %s exists while the link is pending (%w)", source, err)
		}
		return nil
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: config(true, true),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("resume_from"), knownvalue.MapExact(want)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status").AtMapKey(source), knownvalue.StringRegexp(regexp.MustCompile(`^PENDING`))),
					noConnector,
				},
			},
			// Removed while the target is still offline: nothing to delete.
			{Config: config(true, false)},
			{Config: config(true, true)},
			{
				PreConfig: func() { produceKeyed(t, "eu-west", topic, 6, 4) },
				Config:    config(false, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("state"), knownvalue.StringExact("running")),
					stateCheckFunc(func() error {
						if n := count(readAll(t, "ap-south", "eu-west."+topic, 5, 30*time.Second)); n != 4 {
							return fmt.Errorf("the link copied %d records, want the 4 produced after it was recorded", n)
						}
						return nil
					}),
				},
			},
			{Config: config(false, true), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

// Topics that are only known during apply (from another resource) plan and
// apply like known ones.
func TestAccReplicationLink_topicsKnownAtApply(t *testing.T) {
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: labProviderConfig() + `
resource "terraform_data" "topic" {
  input = "later-known-topic"
}

resource "geokafka_replication_link" "l" {
  source = "ap-south"
  target = "us-east"
  topics = [terraform_data.topic.output]
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("geokafka_replication_link.l", tfjsonpath.New("topics"),
					knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("later-known-topic")})),
				statecheck.ExpectKnownValue("geokafka_replication_link.l", tfjsonpath.New("state"), knownvalue.StringExact("running")),
			},
		}},
	})
}

// TestReplicationLink_connectors proves which connectors a link writes, and
// how their state and configuration map to Terraform, on a fake Connect.
// Whether MirrorMaker copies is the acceptance tests' job.
func TestReplicationLink_connectors(t *testing.T) {
	e := newFakeEstate(t, "us-east", "eu-west", "stretch")
	e.noConnect["stretch"] = true
	addr := "geokafka_replication_link.l"
	names := []string{"geokafka-us-east-to-eu-west-source", "geokafka-us-east-to-eu-west-checkpoint", "geokafka-us-east-to-eu-west-heartbeat"}
	cfg := func(state string) string {
		return linkHCL(e.provider(""), "us-east", "eu-west", `["orders.*"]`, fmt.Sprintf("  state = %q", state))
	}
	states := func(want string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			for _, n := range names {
				if got := e.connect.State(n); got != want {
					return fmt.Errorf("connector %s is %q on Connect, want %q", n, got, want)
				}
			}
			return nil
		}
	}
	source := names[0]
	steps := []resource.TestStep{
		{
			Config: cfg("running"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact("us-east|eu-west")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status").AtMapKey(source), knownvalue.StringExact("RUNNING (tasks: RUNNING)")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("connector_names"), knownvalue.ListSizeExact(3)),
			},
			Check: resource.ComposeTestCheckFunc(states(connect.Running), func(*terraform.State) error {
				if got := e.connect.Config(source)["topics"]; got != "orders.*" {
					return fmt.Errorf("source connector's topics = %q, want orders.*", got)
				}
				return nil
			}),
		},
		{
			// Import cannot tell extra properties from the link's own: config stays unset.
			ResourceName: addr, ImportState: true, ImportStateId: "us-east|eu-west", ImportStateVerify: true,
			ImportStateVerifyIgnore: []string{"status", "timeouts", "config"},
		},
		{Config: cfg("paused"), Check: states(connect.Paused)},
		{Config: cfg("stopped"), Check: states(connect.Stopped)},
		{
			// Failed on Connect: drift, and the apply restarts it.
			PreConfig:          func() { e.connect.SetState(source, connect.Failed) },
			Config:             cfg("running"),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		},
		{Config: cfg("running"), Check: states(connect.Running)},
		{
			// The topics changed through Connect's REST API: set back.
			PreConfig: func() {
				c := e.connect.Config(source)
				c["topics"] = "something-else"
				e.connect.Add(source, c, connect.Running)
			},
			Config: cfg("running"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
			}},
			Check: func(*terraform.State) error {
				if got := e.connect.Config(source)["topics"]; got != "orders.*" {
					return fmt.Errorf("source connector's topics = %q after the apply, want orders.*", got)
				}
				return nil
			},
		},
		{
			// Deleted on Connect: missing, written again.
			PreConfig: func() {
				if err := e.connect.Client().Delete(context.Background(), source); err != nil {
					t.Fatal(err)
				}
			},
			Config: cfg("running"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
			}},
			Check: states(connect.Running),
		},
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.providers(),
		Steps:                    append(linkValidationSteps(e.provider("")), steps...),
		CheckDestroy: func(*terraform.State) error {
			if n := e.connect.Names(); len(n) > 0 {
				return fmt.Errorf("connectors left after destroy: %v", n)
			}
			return nil
		},
	})
}

// TestReplicationLink_connectBootstrapServers: connectors reach each cluster
// at its connect_bootstrap_servers when it has them, at its
// bootstrap_servers otherwise, and a change of either is a change of the link.
func TestReplicationLink_connectBootstrapServers(t *testing.T) {
	e := newFakeEstate(t, "us-east", "eu-west")
	source := "geokafka-us-east-to-eu-west-source"
	wantServers := func(want map[string]string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			cfg := e.connect.Config(source)
			for k, v := range want {
				if cfg[k] != v {
					return fmt.Errorf("source connector's %s = %q, want %q", k, cfg[k], v)
				}
			}
			return nil
		}
	}
	direct := func(k string) string { return strings.Join(e.kafka[k].ListenAddrs(), ",") }
	cfg := func(extra string) string {
		e.clusterExtra["us-east"] = extra
		return linkHCL(e.provider(""), "us-east", "eu-west", `["orders"]`, "")
	}
	steps := []resource.TestStep{
		{
			Config: cfg(""),
			Check: wantServers(map[string]string{
				"source.cluster.bootstrap.servers": direct("us-east"),
				"target.cluster.bootstrap.servers": direct("eu-west"),
			}),
		},
		{
			Config: cfg(`, connect_bootstrap_servers = ["us-east.private:9092"]`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("geokafka_replication_link.l", plancheck.ResourceActionUpdate),
			}},
			Check: wantServers(map[string]string{
				"source.cluster.bootstrap.servers": "us-east.private:9092",
				"target.cluster.bootstrap.servers": direct("eu-west"),
			}),
		},
		{
			Config:      cfg(`, connect_bootstrap_servers = ["a:1,b:2"]`),
			ExpectError: regexp.MustCompile(`(?s)connect_bootstrap_servers\[0\].*several\s+addresses`),
		},
		{Config: cfg("")}, // back to bootstrap_servers, which the destroy uses
	}
	resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: e.providers(), Steps: steps})
}

// TestReplicationLink_loopsAndResidency: rings of identity links are
// refused, and residency rules become exclusions on the connectors.
func TestReplicationLink_loopsAndResidency(t *testing.T) {
	e := newFakeEstate(t, "us-east", "eu-west", "ap-south")
	rule := `  residency = [{ topics = "^eu\\.", allowed_clusters = ["eu-west"] }]` + "\n"
	identity := func(source, target string) string {
		return fmt.Sprintf(`
resource "geokafka_replication_link" %q {
  source = %q
  target = %q
  topics = [".*"]
  naming = "identity"
}
`, source+"-"+target, source, target)
	}
	e.run(
		resource.TestStep{Config: e.provider(rule) + identity("us-east", "ap-south")},
		resource.TestStep{
			Config:      e.provider(rule) + identity("us-east", "ap-south") + identity("ap-south", "eu-west") + identity("eu-west", "us-east"),
			ExpectError: errRe("Replication Loop", "around it forever"),
		},
		resource.TestStep{
			Config: e.provider(rule) + identity("us-east", "ap-south") + linkHCL("", "eu-west", "us-east", `[".*"]`, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("geokafka_replication_link.l", tfjsonpath.New("residency_excludes"),
					knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(`^eu\.`)})),
			},
			Check: func(*terraform.State) error {
				ex := e.connect.Config("geokafka-eu-west-to-us-east-source")["topics.exclude"]
				if !strings.Contains(ex, `(?:eu\.)`) {
					return fmt.Errorf("topics.exclude of the link out of eu-west = %q, want the residency rule in it", ex)
				}
				return nil
			},
		},
		resource.TestStep{
			Config:      e.provider(rule) + linkHCL("", "eu-west", "us-east", `["eu.pii"]`, ""),
			PlanOnly:    true,
			ExpectError: errRe("eu.pii"),
		},
	)
}

// TestReplicationLink_pending: a link into an offline cluster records where
// the source ends, writes nothing, and starts there once the target is back.
func TestReplicationLink_pending(t *testing.T) {
	e := newFakeEstate(t, "eu-west", "ap-south")
	e.createTopic("eu-west", "pending", 2)
	e.produce("eu-west", "pending", 0, 3)
	addr := "geokafka_replication_link.l"
	link := linkHCL("", "eu-west", "ap-south", `["pending"]`, "")
	source := "geokafka-eu-west-to-ap-south-source"
	e.run(
		resource.TestStep{
			Config: e.providerOffline("", "ap-south") + link,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("resume_from"), knownvalue.MapExact(map[string]knownvalue.Check{
					"pending/0": knownvalue.Int64Exact(3), "pending/1": knownvalue.Int64Exact(0),
				})),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status").AtMapKey(source), knownvalue.StringRegexp(regexp.MustCompile(`^PENDING`))),
			},
			Check: func(*terraform.State) error {
				if n := e.connect.Names(); len(n) > 0 {
					return fmt.Errorf("connectors written while the target is offline: %v", n)
				}
				return nil
			},
		},
		resource.TestStep{
			Config: e.provider("") + link,
			Check: func(*terraform.State) error {
				if got := e.connect.State(source); got != connect.Running {
					return fmt.Errorf("source connector is %q once the target is back, want RUNNING", got)
				}
				if !slices.Contains(e.connect.Requests(), "PATCH offsets") {
					return fmt.Errorf("the pending link started without setting its offsets: %v", e.connect.Requests())
				}
				return nil
			},
		},
	)
}

// TestReplicationLink_strandedRecords: the old active (ap-south) was cut
// off, not down, and kept taking writes after the fail-over created the
// reverse identity link as pending. The plan that starts the link counts
// those records and warns of them; a prefixed link strands nothing.
func TestReplicationLink_strandedRecords(t *testing.T) {
	e := newFakeEstate(t, "eu-west", "ap-south")
	for _, k := range []string{"eu-west", "ap-south"} {
		e.createTopic(k, "ledger", 2)
		e.produce(k, "ledger", 0, 4) // copied before the failure: the same on both
	}
	addr := "geokafka_replication_link.l"
	link := linkHCL("", "eu-west", "ap-south", `["ledger"]`, `  naming = "identity"`)
	e.run(
		resource.TestStep{
			Config: e.providerOffline("", "ap-south") + link,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("resume_from"), knownvalue.MapExact(map[string]knownvalue.Check{
					"ledger/0": knownvalue.Int64Exact(4), "ledger/1": knownvalue.Int64Exact(0),
				})),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("stranded_records"), knownvalue.MapSizeExact(0)),
			},
		},
		resource.TestStep{
			// Meanwhile ap-south took 5 + 2 records of its own.
			PreConfig: func() {
				e.produce("ap-south", "ledger", 0, 5)
				e.produce("ap-south", "ledger", 1, 2)
			},
			Config: e.provider("") + link,
			// The plan warns of the 7 and leaves the count to the apply; its
			// producers write 3 more before the apply (they are fenced by
			// the same apply, later), which the count must include.
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownValue(addr, tfjsonpath.New("stranded_records")),
				planCheckFunc(func() { e.produce("ap-south", "ledger", 1, 3) }),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("stranded_records"), knownvalue.MapExact(map[string]knownvalue.Check{
					"ledger": knownvalue.Int64Exact(10),
				})),
			},
		},
		// The count stays in state, and later plans are empty.
		resource.TestStep{Config: e.provider("") + link, PlanOnly: true},
	)
}

// planCheckFunc runs a side effect between a step's plan and its apply.
type planCheckFunc func()

func (f planCheckFunc) CheckPlan(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
	f()
}

// TestReplicationLink_startOffsets: a new link starts each partition that
// start_offsets names there (Connect stores the last offset copied, so one
// less); bad keys and offsets are refused at plan.
func TestReplicationLink_startOffsets(t *testing.T) {
	e := newFakeEstate(t, "us-east", "eu-west")
	e.createTopic("us-east", "ledger", 2)
	source := "geokafka-us-east-to-eu-west-source"
	cfg := func(offsets string) string {
		return linkHCL(e.provider(""), "us-east", "eu-west", `["ledger"]`, "  start_offsets = "+offsets)
	}
	e.run(
		resource.TestStep{
			Config:      cfg(`{ "ledger" = 3 }`),
			ExpectError: errRe("Invalid Position", "start_offsets", "<topic>/<partition>"),
		},
		resource.TestStep{
			Config:      cfg(`{ "ledger/0" = -1 }`),
			ExpectError: errRe("Invalid Offset", "0 or more"),
		},
		resource.TestStep{
			Config: cfg(`{ "ledger/0" = 7 }`),
			Check: func(*terraform.State) error {
				got := e.connect.Offsets(source)
				if !strings.Contains(got, `"partition":0`) || !strings.Contains(got, `"offset":6`) || strings.Contains(got, `"partition":1`) {
					return fmt.Errorf("offsets set on Connect: %s; want ledger/0 at 6 (the last offset copied) and nothing for ledger/1", got)
				}
				return nil
			},
		},
		resource.TestStep{
			// Another start is another link.
			Config: cfg(`{ "ledger/0" = 9 }`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("geokafka_replication_link.l", plancheck.ResourceActionReplace),
			}},
		},
	)
}
