package provider

import (
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
			"port": knownvalue.Int64Exact(25090 + id), "rack": knownvalue.StringExact(rack),
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

func TestClusterDataSource(t *testing.T) {
	e := newFakeEstate(t, "us-east", "eu-west")
	addr := "data.geokafka_cluster.c"
	e.run(
		resource.TestStep{
			Config: e.provider("") + `data "geokafka_cluster" "c" { cluster = "eu-west" }`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("region"), knownvalue.StringExact("eu-west-1")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("cluster_id"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("brokers"), knownvalue.ListSizeExact(3)),
			},
		},
		resource.TestStep{
			Config:      e.provider("") + `data "geokafka_cluster" "c" {}`,
			ExpectError: errRe("several clusters", "set cluster to one of them"),
		},
		resource.TestStep{
			Config:      e.providerOffline("", "eu-west") + `data "geokafka_cluster" "c" { cluster = "eu-west" }`,
			ExpectError: errRe("offline"),
		},
	)
}
