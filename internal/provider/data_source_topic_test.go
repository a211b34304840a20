package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccTopicDataSources(t *testing.T) {
	prefix := randomName("acc-ds")
	cfg := labProviderConfig() + fmt.Sprintf(`
resource "geokafka_topic" "a" {
  cluster            = "stretch"
  name               = "%[1]s.a"
  partitions         = 2
  replication_factor = 2
  config             = { "retention.ms" = "86400000" }
}

resource "geokafka_topic" "b" {
  cluster            = "stretch"
  name               = "%[1]s.b"
  partitions         = 1
  replication_factor = 1
}

data "geokafka_topic" "a" {
  cluster = "stretch"
  name    = geokafka_topic.a.name
}

data "geokafka_topics" "mine" {
  cluster    = "stretch"
  name_regex = "^%[1]s\\."
  depends_on = [geokafka_topic.a, geokafka_topic.b]
}
`, prefix)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.geokafka_topic.a", tfjsonpath.New("partitions"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue("data.geokafka_topic.a", tfjsonpath.New("replication_factor"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue("data.geokafka_topic.a", tfjsonpath.New("config"),
						knownvalue.MapExact(map[string]knownvalue.Check{"retention.ms": knownvalue.StringExact("86400000")})),
					statecheck.ExpectKnownValue("data.geokafka_topic.a", tfjsonpath.New("partition_details"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue("data.geokafka_topic.a", tfjsonpath.New("partition_details").AtSliceIndex(0).AtMapKey("replicas"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue("data.geokafka_topics.mine", tfjsonpath.New("names"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(prefix + ".a"), knownvalue.StringExact(prefix + ".b")})),
					statecheck.ExpectKnownValue("data.geokafka_topics.mine", tfjsonpath.New("topics").AtSliceIndex(1).AtMapKey("replication_factor"), knownvalue.Int64Exact(1)),
				},
			},
			{
				Config:      labProviderConfig() + `data "geokafka_topics" "x" { name_regex = "(" }`,
				ExpectError: errRe("Invalid Regular Expression"),
			},
			{
				Config: labProviderConfig() + `
data "geokafka_topic" "x" {
  cluster = "us-east"
  name    = "no-such-topic-here"
}`,
				ExpectError: errRe("Topic Not Found", "no-such-topic-here"),
			},
		},
	})
}

// The data sources on each release: topics, one topic with its config and
// partitions, and the cluster's brokers.
func TestAccDataSources_eachRelease(t *testing.T) {
	onEachRelease(t, "us-east", func(t *testing.T, cluster string) {
		prefix := randomName("acc-dsr")
		release := map[string]string{"us-east": `^4\.\d+$`, "legacy": `^3\.9$`}
		mode := map[string]string{"us-east": "kraft", "legacy": "zookeeper"}
		cfg := labProviderConfig() + fmt.Sprintf(`
resource "geokafka_topic" "a" {
  cluster            = %[2]q
  name               = "%[1]s.a"
  partitions         = 3
  replication_factor = 1
  config             = { "retention.ms" = "86400000" }
}

data "geokafka_topic" "a" {
  cluster = %[2]q
  name    = geokafka_topic.a.name
}

data "geokafka_topics" "mine" {
  cluster    = %[2]q
  name_regex = "^%[1]s\\."
  depends_on = [geokafka_topic.a]
}

data "geokafka_cluster" "c" {
  cluster = %[2]q
}
`, prefix, cluster)
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { testAccPreCheck(t) },
			ProtoV6ProviderFactories: testAccProviders,
			Steps: []resource.TestStep{{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.geokafka_topic.a", tfjsonpath.New("partitions"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue("data.geokafka_topic.a", tfjsonpath.New("config"),
						knownvalue.MapExact(map[string]knownvalue.Check{"retention.ms": knownvalue.StringExact("86400000")})),
					statecheck.ExpectKnownValue("data.geokafka_topic.a", tfjsonpath.New("partition_details"), knownvalue.ListSizeExact(3)),
					statecheck.ExpectKnownValue("data.geokafka_topics.mine", tfjsonpath.New("names"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(prefix + ".a")})),
					statecheck.ExpectKnownValue("data.geokafka_cluster.c", tfjsonpath.New("brokers"), knownvalue.ListSizeExact(1)),
					statecheck.ExpectKnownValue("data.geokafka_cluster.c", tfjsonpath.New("cluster_id"), knownvalue.StringRegexp(regexp.MustCompile(`^[A-Za-z0-9_-]{22}$`))),
					statecheck.ExpectKnownValue("data.geokafka_cluster.c", tfjsonpath.New("kafka_release"), knownvalue.StringRegexp(regexp.MustCompile(release[cluster]))),
					statecheck.ExpectKnownValue("data.geokafka_cluster.c", tfjsonpath.New("metadata_mode"), knownvalue.StringExact(mode[cluster])),
				},
			}},
		})
	})
}

func TestTopicDataSources(t *testing.T) {
	e := newFakeEstate(t, "us-east")
	e.createTopic("us-east", "app.a", 2)
	e.createTopic("us-east", "app.b", 1)
	e.createTopic("us-east", "other", 1)
	e.run(
		resource.TestStep{
			Config: e.provider("") + `
data "geokafka_topic" "a" {
  name = "app.a"
}

data "geokafka_topics" "app" {
  name_regex = "^app\\."
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.geokafka_topic.a", tfjsonpath.New("partitions"), knownvalue.Int64Exact(2)),
				statecheck.ExpectKnownValue("data.geokafka_topic.a", tfjsonpath.New("partition_details"), knownvalue.ListSizeExact(2)),
				statecheck.ExpectKnownValue("data.geokafka_topics.app", tfjsonpath.New("names"),
					knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("app.a"), knownvalue.StringExact("app.b")})),
			},
		},
		resource.TestStep{
			Config:      e.provider("") + `data "geokafka_topics" "x" { name_regex = "(" }`,
			ExpectError: errRe("Invalid Regular Expression"),
		},
		resource.TestStep{
			Config:      e.provider("") + `data "geokafka_topic" "x" { name = "no-such-topic-here" }`,
			ExpectError: errRe("Topic Not Found", "no-such-topic-here"),
		},
	)
}
