package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

func TestAccFunction_remoteTopicName(t *testing.T) {
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		// Provider functions need Terraform 1.8 (OpenTofu 1.7); older CLIs
		// cannot parse provider::geokafka::... (OpenTofu 1.6 among them).
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		Steps:                  remoteTopicNameSteps(labProviderConfig()),
	})
}

func remoteTopicNameSteps(provider string) []resource.TestStep {
	return []resource.TestStep{
		{
			Config: provider + `
output "prefixed" { value = provider::geokafka::remote_topic_name("us-east", "orders") }
output "custom"   { value = provider::geokafka::remote_topic_name("us-east", "orders", "_") }
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("prefixed", knownvalue.StringExact("us-east.orders")),
				statecheck.ExpectKnownOutputValue("custom", knownvalue.StringExact("us-east_orders")),
			},
		},
		{
			Config:      provider + `output "x" { value = provider::geokafka::remote_topic_name("us-east", "orders", "_", "-") }`,
			ExpectError: errRe("at most one separator"),
		},
	}
}

func TestFunction_remoteTopicName(t *testing.T) {
	e := newFakeEstate(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.providers(),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		Steps:                    remoteTopicNameSteps(""),
	})
}
