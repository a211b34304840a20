package provider

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/geokafka/terraform-provider-geokafka/internal/connect"
	"github.com/geokafka/terraform-provider-geokafka/internal/replication"
)

// Residency on chains of links: with real records, a copy of a restricted
// topic never reaches a cluster its rule does not allow, however many links
// it travels and whatever they name it.

// residencyConfig is the lab's provider block with residency rules, the
// stretch cluster given the lab's Connect worker when stretchLinks is set.
func residencyConfig(stretchLinks bool, rules ...string) string {
	cfg := labProviderConfig()
	if stretchLinks {
		cfg = strings.Replace(cfg, "\"stretch\" = {\n", fmt.Sprintf("\"stretch\" = {\n      connect_url = %q\n", os.Getenv("LAB_CONNECT_URL")), 1)
	}
	return cfg[:len(cfg)-len("}\n")] + "  residency = [" + strings.Join(rules, ", ") + "]\n}\n"
}

func ruleHCL(pattern string, allowed ...string) string {
	return fmt.Sprintf(`{ topics = %q, allowed_clusters = ["%s"] }`, pattern, strings.Join(allowed, `", "`))
}

func chainLink(name, source, target, topics, naming string) string {
	return fmt.Sprintf(`
resource "geokafka_replication_link" %q {
  source = %q
  target = %q
  topics = [%s]
  naming = %q
  config = { "refresh.topics.interval.seconds" = "5", "refresh.groups.interval.seconds" = "5" }
}
`, name, source, target, topics, naming)
}

// seedTopics creates the restricted and the open topic on eu-west with n
// records each.
func seedTopics(t *testing.T, restricted, open string, n int) {
	t.Helper()
	for _, topic := range []string{restricted, open} {
		if _, err := labAdmin(t, "eu-west").CreateTopic(testCtx(t), 1, 1, nil, topic); err != nil {
			t.Fatal(err)
		}
		produceKeyed(t, "eu-west", topic, 0, n)
	}
}

// expectRecords waits until cluster's topic holds want records.
func expectRecords(t *testing.T, cluster, topic string, want int) error {
	if n := count(readAll(t, cluster, topic, want, 60*time.Second)); n != want {
		return fmt.Errorf("%s on %s holds %d records, want %d", topic, cluster, n, want)
	}
	return nil
}

// expectStill fails when cluster's topic holds more or fewer than want
// records a while after records were written upstream.
func expectStill(t *testing.T, cluster, topic string, want int) error {
	if n := count(readAll(t, cluster, topic, want+1, 15*time.Second)); n != want {
		return fmt.Errorf("%s on %s holds %d records, want %d: residency broken", topic, cluster, n, want)
	}
	return nil
}

// expectHeldAtHop checks a chain ending on us-east: the open topic's copy
// arrives there (open), the restricted one's copy arrives on the last
// allowed cluster (hop, as held), and no copy of it reaches us-east
// (leaked).
func expectHeldAtHop(t *testing.T, open, hop, held, leaked string) error {
	if err := expectRecords(t, "us-east", open, 5); err != nil {
		return err
	}
	if err := expectRecords(t, hop, held, 5); err != nil {
		return err
	}
	return expectNoCopy(t, "us-east", leaked)
}

// expectNoCopy fails when the topic exists on cluster, after two more topic
// refreshes of the links (5 s each) than it took the open copy to arrive.
func expectNoCopy(t *testing.T, cluster, topic string) error {
	time.Sleep(12 * time.Second)
	if _, ok := topicDetail(t, cluster, topic); ok {
		return fmt.Errorf("%s exists on %s: residency broken", topic, cluster)
	}
	return nil
}

func TestAccResidency_twoHopChain(t *testing.T) {
	testAccPreCheckSkipUnlessAcc(t)
	p := randomName("bars")
	restricted, open := p+".eu.pii", p+".orders"
	seedTopics(t, restricted, open, 5)
	rule := ruleHCL("^"+regexp.QuoteMeta(p)+`\.eu\.`, "eu-west", "ap-south")
	chain := residencyConfig(false, rule) +
		chainLink("eu_to_ap", "eu-west", "ap-south", fmt.Sprintf("%q", regexp.QuoteMeta(p)+`\..*`), "prefixed") +
		chainLink("ap_to_us", "ap-south", "us-east", `".*"`, "prefixed")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: chain,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("geokafka_replication_link.ap_to_us", tfjsonpath.New("residency_excludes"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("^" + regexp.QuoteMeta(p) + `\.eu\.`)})),
					stateCheckFunc(func() error {
						// The open topic travels both hops; the restricted one
						// stops on ap-south, which its rule allows.
						return expectHeldAtHop(t, "ap-south.eu-west."+open, "ap-south", "eu-west."+restricted, "ap-south.eu-west."+restricted)
					}),
				},
			},
			{Config: chain, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			{
				// An exclusion that covers the topic but not its copies (as an
				// older version wrote it, or as edited by hand) is drift, and
				// the apply writes the whole one again.
				PreConfig: func() {
					cc := connect.New(os.Getenv("LAB_CONNECT_URL"))
					name := replication.ConnectorNames("ap-south", "us-east").Source
					cfg, err := cc.Config(testCtx(t), name)
					if err != nil {
						t.Fatal(err)
					}
					user, _, _ := replication.SplitExcludes(strings.Split(cfg["topics.exclude"], ","), nil)
					cfg["topics.exclude"] = strings.Join(append(user, replication.ResidencyExclude("^"+regexp.QuoteMeta(p)+`\.eu\.`, nil)), ",")
					if err := cc.Put(testCtx(t), name, cfg); err != nil {
						t.Fatal(err)
					}
				},
				Config: chain,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("geokafka_replication_link.ap_to_us", plancheck.ResourceActionUpdate),
				}},
			},
			{Config: chain, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			{
				// Naming the copy outright is refused at plan, with the way it
				// would take.
				Config: residencyConfig(false, rule) +
					chainLink("eu_to_ap", "eu-west", "ap-south", fmt.Sprintf("%q", regexp.QuoteMeta(p)+`\..*`), "prefixed") +
					chainLink("ap_to_us", "ap-south", "us-east", fmt.Sprintf(`".*", %q`, "eu-west."+restricted), "prefixed"),
				PlanOnly: true,
				ExpectError: errRe("Topic Held Back By Residency", "eu-west."+restricted, "a copy of", restricted,
					restricted+" on eu-west, as eu-west."+restricted+" on ap-south (link eu-west|ap-south)", "keeps on clusters eu-west, ap-south"),
			},
		},
	})
}

func TestAccResidency_threeHopChainMixingNamings(t *testing.T) {
	testAccPreCheckSkipUnlessAcc(t)
	p := randomName("bars")
	restricted, open := p+".eu.pii", p+".orders"
	seedTopics(t, restricted, open, 5)
	rule := ruleHCL("^"+regexp.QuoteMeta(p)+`\.eu\.`, "eu-west", "ap-south", "stretch")
	// eu-west -(prefixed)-> ap-south -(identity)-> stretch -(prefixed)-> us-east
	chain := residencyConfig(true, rule) +
		chainLink("eu_to_ap", "eu-west", "ap-south", fmt.Sprintf("%q", regexp.QuoteMeta(p)+`\..*`), "prefixed") +
		chainLink("ap_to_stretch", "ap-south", "stretch", fmt.Sprintf("%q", `eu-west\.`+regexp.QuoteMeta(p)+`\..*`), "identity") +
		chainLink("stretch_to_us", "stretch", "us-east", `"eu-west\\..*"`, "prefixed")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: chain,
				ConfigStateChecks: []statecheck.StateCheck{stateCheckFunc(func() error {
					return expectHeldAtHop(t, "stretch.eu-west."+open, "stretch", "eu-west."+restricted, "stretch.eu-west."+restricted)
				})},
			},
			{Config: chain, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

func TestAccResidency_customAliasAfterTheLinkOut(t *testing.T) {
	testAccPreCheckSkipUnlessAcc(t)
	p := randomName("bars")
	restricted, open := p+".eu.pii", p+".orders"
	seedTopics(t, restricted, open, 5)
	// An alias of its own each run: MirrorMaker's topics named after it
	// (heartbeats, checkpoints) must not meet those of an earlier run.
	alias := randomName("euw")
	out := residencyConfig(false, ruleHCL("^"+regexp.QuoteMeta(p)+`\.eu\.`, "eu-west", "ap-south")) +
		chainLink("ap_to_us", "ap-south", "us-east", `".*"`, "prefixed")
	// A link into ap-south with an alias of its own comes later: its apply extends
	// the exclusions of the link into us-east, which the plan leaves as is.
	chain := out + strings.Replace(chainLink("eu_to_ap", "eu-west", "ap-south", fmt.Sprintf("%q", regexp.QuoteMeta(p)+`\..*`), "prefixed"),
		"naming", fmt.Sprintf("source_alias = %q\n  naming", alias), 1)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: out},
			{
				Config: chain,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("geokafka_replication_link.ap_to_us", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{stateCheckFunc(func() error {
					return expectHeldAtHop(t, "ap-south."+alias+"."+open, "ap-south", alias+"."+restricted, "ap-south."+alias+"."+restricted)
				})},
			},
			{Config: chain, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

func TestAccResidency_ruleAddedAfterTheLinks(t *testing.T) {
	testAccPreCheckSkipUnlessAcc(t)
	p := randomName("bars")
	restricted, open := p+".eu.pii", p+".orders"
	seedTopics(t, restricted, open, 5)
	links := chainLink("eu_to_ap", "eu-west", "ap-south", fmt.Sprintf("%q", regexp.QuoteMeta(p)+`\..*`), "prefixed") +
		chainLink("ap_to_us", "ap-south", "us-east", `".*"`, "prefixed")
	withRule := residencyConfig(false, ruleHCL("^"+regexp.QuoteMeta(p)+`\.eu\.`, "eu-west", "ap-south")) + links
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				// No rule yet: the records reach us-east.
				Config: residencyConfig(false) + links,
				ConfigStateChecks: []statecheck.StateCheck{stateCheckFunc(func() error {
					return expectRecords(t, "us-east", "ap-south.eu-west."+restricted, 5)
				})},
			},
			{
				// The rule reaches the link into us-east in place; the link
				// into ap-south, which the rule allows, does not change.
				Config: withRule,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("geokafka_replication_link.ap_to_us", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("geokafka_replication_link.eu_to_ap", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{stateCheckFunc(func() error {
					produceKeyed(t, "eu-west", restricted, 5, 5)
					produceKeyed(t, "eu-west", open, 5, 5)
					// The new records travel the first hop and, for the open
					// topic, the second; the restricted copy on us-east stops.
					if err := expectRecords(t, "us-east", "ap-south.eu-west."+open, 10); err != nil {
						return err
					}
					if err := expectRecords(t, "ap-south", "eu-west."+restricted, 10); err != nil {
						return err
					}
					return expectStill(t, "us-east", "ap-south.eu-west."+restricted, 5)
				})},
			},
			{Config: withRule, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

func TestAccReplicationLink_identityRingRefused(t *testing.T) {
	testAccPreCheckSkipUnlessAcc(t)
	topic := fmt.Sprintf("%q", randomName("ring"))
	ab := chainLink("eu_to_ap", "eu-west", "ap-south", topic, "identity")
	bc := chainLink("ap_to_us", "ap-south", "us-east", topic, "identity")
	ca := chainLink("us_to_eu", "us-east", "eu-west", topic, "identity")
	sources := []string{
		replication.ConnectorNames("eu-west", "ap-south").Source,
		replication.ConnectorNames("ap-south", "us-east").Source,
		replication.ConnectorNames("us-east", "eu-west").Source,
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: labProviderConfig() + ab + bc},
			{
				// The link that closes the ring is refused, naming it.
				Config:      labProviderConfig() + ab + bc + ca,
				ExpectError: errRe("Replication Loop", "us-east -> (identity) eu-west -> (identity) ap-south -> (identity) us-east"),
			},
			{Config: labProviderConfig()},
			{
				// Three links created in one apply: at most two get past the
				// check, whatever order Terraform runs them in.
				Config:      labProviderConfig() + ab + bc + ca,
				ExpectError: errRe("Replication Loop", "(identity)", "around it forever"),
			},
			{
				PreConfig: func() {
					cfgs, err := connect.New(os.Getenv("LAB_CONNECT_URL")).Configs(testCtx(t))
					if err != nil {
						t.Fatal(err)
					}
					n := 0
					for _, s := range sources {
						if _, ok := cfgs[s]; ok {
							n++
						}
					}
					if n != 2 {
						t.Fatalf("%d of the ring's three links run on Connect, want 2", n)
					}
				},
				Config: labProviderConfig(),
			},
		},
	})
}

func TestAccResidency(t *testing.T) {
	testAccPreCheckSkipUnlessAcc(t)
	prefix := randomName("res")
	restricted, open := prefix+".eu.customers", prefix+".orders"
	rule := func(pattern string) string {
		return fmt.Sprintf(`{ topics = %q, allowed_clusters = ["eu-west"] }`, pattern)
	}
	withRules := func(body string, rules ...string) string {
		cfg := labProviderConfig()
		return cfg[:len(cfg)-len("}\n")] + "  residency = [" + strings.Join(rules, ", ") + "]\n}\n" + body
	}
	euRule := rule("^" + prefix + `\.eu\.`)
	withRule := func(body string) string { return withRules(body, euRule) }
	link := fmt.Sprintf(`
resource "geokafka_replication_link" "l" {
  source = "eu-west"
  target = "us-east"
  topics = [%q]
  config = { "refresh.topics.interval.seconds" = "5" }
}
`, prefix+`\..*`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:      withRules(link, rule("^"+prefix+`\.eu\.|^`+prefix+`\.uk\.`)),
				PlanOnly:    true,
				ExpectError: errRe("Invalid Residency Rule", "residency[0].topics", "only at the very start", "^(?:eu|uk)"),
			},
			{
				Config:      withRules(link, `{ topics = "x", allowed_clusters = ["mars"] }`),
				PlanOnly:    true,
				ExpectError: errRe("Invalid Residency Rule", `"mars" is not a key of clusters`),
			},
			{
				// A topic named as a copy of a restricted one is refused too.
				Config: withRule(fmt.Sprintf(`resource "geokafka_topic" "t" {
  cluster            = "us-east"
  name               = %q
  partitions         = 1
  replication_factor = 1
}`, "ap-south.eu-west."+restricted)),
				PlanOnly:    true,
				ExpectError: errRe("Topic Not Allowed On This Cluster", "is named as a copy of", restricted),
			},
			{
				Config: withRule(fmt.Sprintf(`resource "geokafka_topic" "t" {
  cluster            = "us-east"
  name               = %q
  partitions         = 1
  replication_factor = 1
}`, restricted)),
				PlanOnly:    true,
				ExpectError: errRe("Topic Not Allowed On This Cluster", "eu-west"),
			},
			{
				Config: withRule(fmt.Sprintf(`
resource "geokafka_replication_link" "l" {
  source = "eu-west"
  target = "us-east"
  topics = [%q]
}`, restricted)),
				PlanOnly:    true,
				ExpectError: errRe("Topic Held Back By Residency"),
			},
			{
				Config: withRule(link),
				ConfigStateChecks: []statecheck.StateCheck{stateCheckFunc(func() error {
					// Both topics appear after the link: only the open one is copied.
					for _, topic := range []string{restricted, open} {
						if _, err := labAdmin(t, "eu-west").CreateTopic(testCtx(t), 1, 1, nil, topic); err != nil {
							return err
						}
						produceKeyed(t, "eu-west", topic, 0, 5)
					}
					if n := count(readAll(t, "us-east", "eu-west."+open, 5, 60*time.Second)); n != 5 {
						return fmt.Errorf("the open topic was not copied (%d records)", n)
					}
					if _, ok := topicDetail(t, "us-east", "eu-west."+restricted); ok {
						return fmt.Errorf("eu-west.%s exists on us-east: residency broken", restricted)
					}
					return nil
				})},
			},
			{
				// A rule added after the link reaches its connectors in place.
				Config: withRules(link, euRule, rule("^"+prefix+`\.late\.`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("geokafka_replication_link.l", plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("geokafka_replication_link.l", tfjsonpath.New("residency_excludes"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("^" + prefix + `\.eu\.`), knownvalue.StringExact("^" + prefix + `\.late\.`),
					})),
				},
			},
			{Config: withRules(link, euRule, rule("^"+prefix+`\.late\.`)), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}
