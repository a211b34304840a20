package provider

import (
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
	"github.com/twmb/franz-go/pkg/kadm"

	"github.com/geokafka/terraform-provider-geokafka/internal/kafka"
)

// communityMirror builds the stand-in for the community provider
// (testdata/communitykafka) into a filesystem mirror, and points the CLI at
// a configuration that installs it from there.
func communityMirror(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	const version = "0.13.1"
	var bin string
	for _, host := range []string{"registry.terraform.io", "registry.opentofu.org"} {
		d := filepath.Join(dir, host, "mongey", "kafka", version, runtime.GOOS+"_"+runtime.GOARCH)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if bin == "" {
			bin = filepath.Join(d, "terraform-provider-kafka_v"+version)
			out, err := exec.Command("go", "build", "-o", bin, "./testdata/communitykafka").CombinedOutput()
			if err != nil {
				t.Fatalf("building the community provider's stand-in: %v\n%s", err, out)
			}
			continue
		}
		if err := os.Link(bin, filepath.Join(d, filepath.Base(bin))); err != nil {
			t.Fatal(err)
		}
	}
	rc := filepath.Join(dir, "cli.tfrc")
	cfg := fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path    = %q\n    include = [\"mongey/kafka\"]\n  }\n  direct {\n    exclude = [\"mongey/kafka\"]\n  }\n}\n", dir)
	if err := os.WriteFile(rc, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TF_CLI_CONFIG_FILE", rc)
}

// communityProvider names the stand-in for the configurations that use it.
var communityProvider = map[string]resource.ExternalProvider{"kafka": {Source: "mongey/kafka", VersionConstraint: "0.13.1"}}

// movedEstate is a topic, an ACL, a quota and a SCRAM credential on
// eu-west, declared with the community provider (community true) or with
// geokafka and moved blocks.
func movedEstate(topic, user, password string, community bool) string {
	if community {
		return fmt.Sprintf(`
provider "kafka" {
  bootstrap_servers = [%[4]q]
}
resource "kafka_topic" "orders" {
  name               = %[1]q
  partitions         = 2
  replication_factor = 1
  config             = { "retention.ms" = "7200000" }
}
resource "kafka_acl" "read" {
  resource_name       = %[1]q
  resource_type       = "Topic"
  acl_principal       = "User:%[2]s"
  acl_host            = "*"
  acl_operation       = "Read"
  acl_permission_type = "Allow"
}
resource "kafka_quota" "app" {
  entity_name = %[2]q
  entity_type = "user"
  config      = { producer_byte_rate = 1048576 }
}
resource "kafka_user_scram_credential" "app" {
  username         = %[2]q
  scram_mechanism  = "SCRAM-SHA-512"
  scram_iterations = 8192
  password         = %[3]q
}
`, topic, user, password, bootstrap("eu-west")[0])
	}
	return labProviderConfig() + fmt.Sprintf(`
moved {
  from = kafka_topic.orders
  to   = geokafka_topic.orders
}
moved {
  from = kafka_acl.read
  to   = geokafka_acl.read
}
moved {
  from = kafka_quota.app
  to   = geokafka_quota.app
}
moved {
  from = kafka_user_scram_credential.app
  to   = geokafka_scram_credential.app
}
resource "geokafka_topic" "orders" {
  cluster            = "eu-west"
  name               = %[1]q
  partitions         = 2
  replication_factor = 1
  config             = { "retention.ms" = "7200000" }
}
resource "geokafka_acl" "read" {
  cluster       = "eu-west"
  principal     = "User:%[2]s"
  operation     = "READ"
  permission    = "ALLOW"
  resource_type = "TOPIC"
  resource_name = %[1]q
}
resource "geokafka_quota" "app" {
  cluster = "eu-west"
  entity  = { user = %[2]q }
  config  = { producer_byte_rate = 1048576 }
}
resource "geokafka_scram_credential" "app" {
  cluster    = "eu-west"
  username   = %[2]q
  mechanism  = "SCRAM-SHA-512"
  iterations = 8192
  password   = %[3]q
}
`, topic, user, password)
}

// A whole estate of the community provider moves into geokafka with moved
// blocks: the plan moves four resources and changes nothing, each finds its
// cluster (eu-west, out of the lab's four) on the first refresh, the topic
// keeps its Kafka id, and geokafka then manages them (its destroy removes
// them from Kafka).
func TestAccMoveFromCommunityProvider(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc)") // the same rule resource.Test applies
	}
	testAccPreCheck(t)
	communityMirror(t)
	topic, user, password := randomName("acc-moved"), randomName("acc-moved-user"), "moved-pw-1"
	adm := labAdmin(t, "eu-west")
	ctx := testCtx(t)
	if _, err := adm.CreateTopic(ctx, 2, 1, map[string]*string{"retention.ms": ptr("7200000")}, topic); err != nil {
		t.Fatal(err)
	}
	details, err := adm.ListTopics(ctx, topic)
	if err != nil || details[topic].Err != nil {
		t.Fatalf("topic %s: %v %v", topic, err, details[topic].Err)
	}
	id := details[topic].ID
	topicID := base64.RawURLEncoding.EncodeToString(id[:]) // as kafka-topics prints it
	acls := kadm.NewACLs().Allow("User:" + user).AllowHosts("*").Topics(topic).Operations(kadm.OpRead).ResourcePatternType(kadm.ACLPatternLiteral)
	if _, err := adm.CreateACLs(ctx, acls); err != nil {
		t.Fatal(err)
	}
	rate := 1048576.0
	if _, err := adm.AlterClientQuotas(ctx, []kadm.AlterClientQuotaEntry{{
		Entity: []kadm.ClientQuotaEntityComponent{{Type: "user", Name: &user}},
		Ops:    []kadm.AlterClientQuotaOp{{Key: "producer_byte_rate", Value: rate}},
	}}); err != nil {
		t.Fatal(err)
	}
	if rs, err := adm.AlterUserSCRAMs(ctx, nil, []kadm.UpsertSCRAM{{User: user, Mechanism: kadm.ScramSha512, Iterations: 8192, Password: password}}); err != nil || rs[user].Err != nil {
		t.Fatalf("SCRAM credential: %v %v", err, rs[user].Err)
	}

	addrs := []string{"geokafka_topic.orders", "geokafka_acl.read", "geokafka_quota.app", "geokafka_scram_credential.app"}
	var moved []plancheck.PlanCheck
	var onEUWest []statecheck.StateCheck
	for _, a := range addrs {
		moved = append(moved, plancheck.ExpectResourceAction(a, plancheck.ResourceActionNoop))
		onEUWest = append(onEUWest, statecheck.ExpectKnownValue(a, tfjsonpath.New("cluster"), knownvalue.StringExact("eu-west")))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		ExternalProviders:        communityProvider,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		CheckDestroy:             checkTopicGone(t, "eu-west", topic),
		Steps: []resource.TestStep{
			{Config: movedEstate(topic, user, password, true)},
			{
				Config: movedEstate(topic, user, password, false),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: append(moved, plancheck.ExpectEmptyPlan()),
				},
				ConfigStateChecks: append(onEUWest,
					statecheck.ExpectKnownValue("geokafka_topic.orders", tfjsonpath.New("topic_id"), knownvalue.StringExact(topicID)),
					statecheck.ExpectKnownValue("geokafka_acl.read", tfjsonpath.New("id"),
						knownvalue.StringExact(fmt.Sprintf("eu-west|User:%s|*|READ|ALLOW|TOPIC|%s|LITERAL", user, topic))),
				),
			},
		},
	})
}

// A topic whose name is on two clusters cannot be placed by the move: the
// refresh says so, names the clusters and the way out, and touches neither.
func TestAccMoveFromCommunityProvider_ambiguous(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc)")
	}
	testAccPreCheck(t)
	communityMirror(t)
	topic := randomName("acc-moved-twice")
	for _, k := range []string{"eu-west", "us-east"} {
		adm := labAdmin(t, k)
		if _, err := adm.CreateTopic(testCtx(t), 1, 1, nil, topic); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _, _ = adm.DeleteTopics(testCtx(t), topic) })
	}
	community := fmt.Sprintf(`
resource "kafka_topic" "t" {
  name               = %q
  partitions         = 1
  replication_factor = 1
}
`, topic)
	moved := labProviderConfig() + fmt.Sprintf(`
moved {
  from = kafka_topic.t
  to   = geokafka_topic.t
}
resource "geokafka_topic" "t" {
  cluster            = "eu-west"
  name               = %q
  partitions         = 1
  replication_factor = 1
}
`, topic)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		ExternalProviders:        communityProvider,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		Steps: []resource.TestStep{
			{Config: community},
			{Config: moved, ExpectError: errRe("Moved Resource On Several Clusters", "eu-west", "us-east", "import block")},
			// Back to the community provider, whose destroy leaves Kafka alone.
			{Config: community},
		},
	})
	for _, k := range []string{"eu-west", "us-east"} {
		if _, ok := topicDetail(t, k, topic); !ok {
			t.Errorf("topic %s is gone from %s: a move that failed must not delete anything", topic, k)
		}
	}
}

// A moved resource whose cluster cannot be asked yet is not gone: with one
// cluster it takes that cluster, with several where it is on none of the
// known ones the refresh fails rather than dropping it from state.
func TestMovedClusterNotKnownYet(t *testing.T) {
	ctx := context.Background()
	var sr fwresource.SchemaResponse
	NewTopicResource().Schema(ctx, fwresource.SchemaRequest{}, &sr)
	objType := sr.Schema.Type().TerraformType(ctx).(tftypes.Object)
	nulls := map[string]tftypes.Value{}
	for name, ty := range objType.AttributeTypes {
		nulls[name] = tftypes.NewValue(ty, nil)
	}
	nulls["name"] = tftypes.NewValue(tftypes.String, "orders")
	var req fwresource.ReadRequest
	read := func(reg *kafka.Registry) (*fwresource.ReadResponse, bool) {
		state := tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(objType, nulls)}
		req = fwresource.ReadRequest{State: state}
		resp := &fwresource.ReadResponse{State: state}
		nowhere := func(context.Context, *kafka.Cluster) (bool, error) { return false, nil }
		ok := movedCluster(ctx, &providerData{clusters: reg}, &req, resp, nowhere, func() string { return `topic "orders"` })
		return resp, ok
	}

	resp, ok := read(kafka.NewRegistry(map[string]kafka.Config{}, []string{"later"}, nil, nil))
	var key types.String
	req.State.GetAttribute(ctx, path.Root("cluster"), &key)
	if !ok || resp.Diagnostics.HasError() || key.ValueString() != "later" {
		t.Fatalf("the only cluster, not known yet: ok=%v cluster=%s %v", ok, key, resp.Diagnostics)
	}

	fake, err := kfake.NewCluster(kfake.NumBrokers(1))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fake.Close)
	known := map[string]kafka.Config{"now": {BootstrapServers: fake.ListenAddrs()}}
	resp, ok = read(kafka.NewRegistry(known, []string{"later"}, nil, nil))
	if ok || resp.State.Raw.IsNull() || !strings.Contains(fmt.Sprint(resp.Diagnostics), "the settings of later are not known until apply") {
		t.Fatalf("on none of the known clusters, one not known: ok=%v removed=%v %v", ok, resp.State.Raw.IsNull(), resp.Diagnostics)
	}

	known["also"] = known["now"]
	resp, ok = read(kafka.NewRegistry(known, nil, nil, nil))
	if ok || !resp.State.Raw.IsNull() {
		t.Fatalf("on no cluster, all known: ok=%v, want it removed from state", ok)
	}
}
