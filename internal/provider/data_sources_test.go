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

func TestAccClusterDataSource_stretch(t *testing.T) {
	addr := "data.geokafka_cluster.s"
	broker := func(id int64, rack string) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id": knownvalue.Int64Exact(id), "host": knownvalue.StringExact("127.0.0.1"),
			"port": knownvalue.Int64Exact(49090 + id), "rack": knownvalue.StringExact(rack),
		})
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: labProviderConfig() + `data "geokafka_cluster" "s" { cluster = "stretch" }`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("region"), knownvalue.StringExact("global")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("cluster_id"), knownvalue.StringRegexp(regexp.MustCompile(`^.{22}$`))),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("controller_id"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("brokers"), knownvalue.ListExact([]knownvalue.Check{
					broker(1, "us-east-1a"), broker(2, "us-east-1b"), broker(3, "eu-west-1a"), broker(4, "ap-south-1a"),
				})),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("racks"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("ap-south-1a"), knownvalue.StringExact("eu-west-1a"),
					knownvalue.StringExact("us-east-1a"), knownvalue.StringExact("us-east-1b"),
				})),
			},
		}},
	})
}

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
