package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
)

// offlineConfig is ap-south alone, with a topic and an ACL on it. Offline,
// the cluster's address is a closed port: a provider that dialed it would
// fail the refresh.
func offlineConfig(online []string, name string, partitions int, offline, withTopic bool) string {
	servers := `"` + strings.Join(online, `", "`) + `"`
	if offline {
		servers = `"127.0.0.1:1"`
	}
	cfg := fmt.Sprintf(`
provider "geokafka" {
  clusters = {
    "ap-south" = { bootstrap_servers = [%s], offline = %t }
  }
}

resource "geokafka_acl" "a" {
  cluster       = "ap-south"
  principal     = "User:%[3]s"
  operation     = "READ"
  permission    = "ALLOW"
  resource_type = "TOPIC"
  resource_name = %[3]q
}
`, servers, offline, name)
	if withTopic {
		cfg += fmt.Sprintf(`
resource "geokafka_topic" "t" {
  cluster            = "ap-south"
  name               = %q
  partitions         = %d
  replication_factor = 1
}
`, name, partitions)
	}
	return cfg
}

// TestAccOffline_cluster: a cluster marked offline is never contacted, its
// resources keep their state, and any change to them is refused at plan.
func TestAccOffline_cluster(t *testing.T) {
	name := randomName("acc-offline")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkTopicGone(t, "ap-south", name),
		Steps:                    offlineSteps(bootstrap("ap-south"), name),
	})
}

// offlineSteps take ap-south offline and back, with a topic and an ACL on it.
func offlineSteps(online []string, name string) []resource.TestStep {
	return []resource.TestStep{
		{Config: offlineConfig(online, name, 2, false, true)},
		{
			// Refresh and plan without dialing: nothing to do.
			Config: offlineConfig(online, name, 2, true, true),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
			}},
		},
		{
			Config:      offlineConfig(online, name, 3, true, true),
			ExpectError: errRe("Cluster Offline", `Cluster "ap-south" is marked offline`, "offline = false"),
		},
		{
			// Destroying a topic on an offline cluster is refused too.
			Config:      offlineConfig(online, name, 2, true, false),
			ExpectError: errRe("Cluster Offline", "removed block"),
		},
		{
			// Back online: the state matches the cluster.
			Config: offlineConfig(online, name, 2, false, true),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
			}},
		},
	}
}

func TestOffline_cluster(t *testing.T) {
	e := newFakeEstate(t, "ap-south")
	e.run(offlineSteps(e.kafka["ap-south"].ListenAddrs(), "t")...)
}
