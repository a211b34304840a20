package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// badInput is a mistake a user can type, and the parts its plan-time error
// must show in order (summary, attribute path, what to do).
type badInput struct {
	name string
	hcl  string // a whole configuration; %[1]s is a provider block, %[2]s the servers of us-east
	want []string
}

// TestBadInputs is the catalogue of inputs that must fail at plan, with a
// sentence that names the attribute, and never reach apply. Inputs that only
// a real broker can judge (config keys and values) are TestAcc* steps.
func TestBadInputs(t *testing.T) {
	e := newFakeEstate(t, "us-east", "eu-west")
	servers := e.servers("us-east")
	withCluster := func(extra string) string {
		return fmt.Sprintf("provider \"geokafka\" {\n  clusters = {\n    \"us-east\" = { bootstrap_servers = %s%s }\n  }\n}\n", servers, extra)
	}
	rawCluster := func(body string) string {
		return fmt.Sprintf("provider \"geokafka\" {\n  clusters = {\n    \"us-east\" = %s\n  }\n}\n", body)
	}
	const topicRes = `
resource "geokafka_topic" "t" {
  name               = "orders"
  partitions         = 1
  replication_factor = 1
}
`
	topic := func(attrs string) string {
		return `
resource "geokafka_topic" "t" {
  cluster = "us-east"
` + attrs + `
}
`
	}
	std := "  name = \"orders\"\n  partitions = 1\n  replication_factor = 1\n"
	acl := func(principal, host, op, perm, typ, name, pattern string) string {
		return strings.Replace(aclHCL("", "us-east", principal, op, perm, typ, name, pattern),
			"  principal", fmt.Sprintf("  host          = %q\n  principal", host), 1)
	}
	scram := func(attrs string) string {
		return "\nresource \"geokafka_scram_credential\" \"u\" {\n  cluster = \"us-east\"\n" + attrs + "\n}\n"
	}
	quota := func(entity, config string) string { return quotaHCLOn("us-east", "", entity, config) }
	link := func(attrs string) string {
		return "\nresource \"geokafka_replication_link\" \"l\" {\n" + attrs + "\n}\n"
	}
	geo := func(attrs string) string {
		return "\nresource \"geokafka_geo_partitioned_topic\" \"g\" {\n  cluster = \"us-east\"\n  name = \"geo\"\n" + attrs + "\n}\n"
	}
	p := e.provider("")

	cases := []badInput{
		// The provider block.
		{"no clusters", "provider \"geokafka\" {\n  clusters = {}\n}\n" + topicRes, []string{"clusters"}},
		{"no bootstrap servers", rawCluster(`{ bootstrap_servers = [] }`) + topicRes, []string{"bootstrap_servers is empty"}},
		{"comma-joined servers", rawCluster(`{ bootstrap_servers = ["127.0.0.1:1,127.0.0.1:2"] }`) + topicRes, []string{`clusters["us-east"].bootstrap_servers[0]`, "several addresses"}},
		{"server without port", rawCluster(`{ bootstrap_servers = ["broker1"] }`) + topicRes, []string{`clusters["us-east"].bootstrap_servers[0]`}},
		{"server as URL", rawCluster(`{ bootstrap_servers = ["kafka://broker1:9092"] }`) + topicRes, []string{`clusters["us-east"].bootstrap_servers[0]`}},
		{"port out of range", rawCluster(`{ bootstrap_servers = ["broker1:99999"] }`) + topicRes, []string{`clusters["us-east"].bootstrap_servers[0]`}},
		{"port not a number", rawCluster(`{ bootstrap_servers = ["broker1:kafka"] }`) + topicRes, []string{`clusters["us-east"].bootstrap_servers[0]`}},
		{"empty server", rawCluster(`{ bootstrap_servers = [""] }`) + topicRes, []string{`clusters["us-east"].bootstrap_servers[0]`}},
		{"second server bad", rawCluster(`{ bootstrap_servers = ["127.0.0.1:1", "b"] }`) + topicRes, []string{`clusters["us-east"].bootstrap_servers[1]`}},
		{"connect servers comma-joined", withCluster(`, connect_bootstrap_servers = ["a:1,b:2"]`) + topicRes, []string{`clusters["us-east"].connect_bootstrap_servers[0]`}},
		{"connect_url without scheme", withCluster(`, connect_url = "127.0.0.1:8083"`) + topicRes, []string{`clusters["us-east"].connect_url`, "http:// or https://"}},
		{"connect_url other scheme", withCluster(`, connect_url = "ftp://connect:8083"`) + topicRes, []string{`clusters["us-east"].connect_url`}},
		{"connect_url without host", withCluster(`, connect_url = "http://"`) + topicRes, []string{`clusters["us-east"].connect_url`}},
		{"request_timeout not a duration", withCluster(`, request_timeout = "ten seconds"`) + topicRes, []string{"request_timeout"}},
		{"request_timeout negative", withCluster(`, request_timeout = "-1s"`) + topicRes, []string{"request_timeout", "not a positive duration"}},
		{"request_timeout zero", withCluster(`, request_timeout = "0s"`) + topicRes, []string{"request_timeout"}},
		{"ca_pem not PEM", withCluster(`, tls = { ca_pem = "not a certificate" }`) + topicRes, []string{`clusters["us-east"].tls.ca_pem`}},
		{"cert without key", withCluster(`, tls = { cert_pem = "x" }`) + topicRes, []string{`clusters["us-east"].tls`, "key_pem"}},
		{"key without cert", withCluster(`, tls = { key_pem = "x" }`) + topicRes, []string{`clusters["us-east"].tls`, "cert_pem"}},
		{"cert and key not PEM", withCluster(`, tls = { cert_pem = "x", key_pem = "y" }`) + topicRes, []string{`clusters["us-east"].tls`}},
		{"unknown SASL mechanism", withCluster(`, sasl = { mechanism = "SCRAM-SHA-1", username = "u", password = "p" }`) + topicRes, []string{"mechanism"}},
		{"SCRAM without username", withCluster(`, sasl = { mechanism = "SCRAM-SHA-512", password = "p" }`) + topicRes, []string{`clusters["us-east"].sasl.username`}},
		{"SCRAM without password", withCluster(`, sasl = { mechanism = "SCRAM-SHA-256", username = "u" }`) + topicRes, []string{`clusters["us-east"].sasl.password`}},
		{"PLAIN without password", withCluster(`, sasl = { mechanism = "PLAIN", username = "u" }`) + topicRes, []string{`clusters["us-east"].sasl.password`, "SASL PLAIN needs sasl.password"}},
		{"OAUTHBEARER without token", withCluster(`, sasl = { mechanism = "OAUTHBEARER" }`) + topicRes, []string{`clusters["us-east"].sasl.token`}},
		{"OAUTHBEARER with a password", withCluster(`, sasl = { mechanism = "OAUTHBEARER", token = "t", password = "p" }`) + topicRes, []string{`clusters["us-east"].sasl.password`, "does not use sasl.password"}},
		{"SCRAM with a token", withCluster(`, sasl = { mechanism = "SCRAM-SHA-512", username = "u", password = "p", token = "t" }`) + topicRes, []string{`clusters["us-east"].sasl.token`}},
		{"connect_tls over http", withCluster(`, connect_url = "http://c:8083", connect_tls = { ca_pem = "x" }`) + topicRes, []string{`clusters["us-east"].connect_tls`, "https"}},
		{"connect_tls ca not PEM", withCluster(`, connect_url = "https://c:8443", connect_tls = { ca_pem = "x" }`) + topicRes, []string{`clusters["us-east"].connect_tls.ca_pem`}},
		{"connect_tls cert without key", withCluster(`, connect_url = "https://c:8443", connect_tls = { cert_pem = "x" }`) + topicRes, []string{`clusters["us-east"].connect_tls.key_pem`}},
		{"connect_auth without url", withCluster(`, connect_auth = { token = "t" }`) + topicRes, []string{`clusters["us-east"].connect_auth`, "connect_url"}},
		{"connect_auth without password", withCluster(`, connect_url = "https://c:8443", connect_auth = { username = "u" }`) + topicRes, []string{`clusters["us-east"].connect_auth.password`}},
		{"connect_auth token and password", withCluster(`, connect_url = "https://c:8443", connect_auth = { username = "u", password = "p", token = "t" }`) + topicRes, []string{`clusters["us-east"].connect_auth.token`}},
		{"connect_secrets not a reference", withCluster(`, sasl = { mechanism = "SCRAM-SHA-512", username = "u", password = "p" }, connect_secrets = { password = "$${dir:/s:password}" }`) + topicRes, []string{`clusters["us-east"].connect_secrets.password`, "provider:path:key"}},
		{"connect_secrets without sasl", withCluster(`, connect_secrets = { password = "dir:/s:password" }`) + topicRes, []string{`clusters["us-east"].connect_secrets.password`, "no sasl.password"}},
		{"connect_secrets key without tls", withCluster(`, sasl = { mechanism = "PLAIN", username = "u", password = "p" }, connect_secrets = { password = "env:P", key_pem = "env:K" }`) + topicRes, []string{`clusters["us-east"].connect_secrets.key_pem`, "no tls.key_pem"}},
		{"shared connect_url, other auth", fmt.Sprintf("provider \"geokafka\" {\n  clusters = {\n    \"a\" = { bootstrap_servers = %[1]s, connect_url = \"https://c:8443\", connect_auth = { token = \"t\" } }\n    \"b\" = { bootstrap_servers = %[1]s, connect_url = \"https://c:8443\" }\n  }\n}\n", servers) + strings.Replace(topicRes, "\n  name", "\n  cluster = \"a\"\n  name", 1), []string{`clusters["b"].connect_url`, "share this Kafka Connect"}},
		{"cluster key with a bar", fmt.Sprintf("provider \"geokafka\" {\n  clusters = {\n    \"us|east\" = { bootstrap_servers = %s }\n  }\n}\n", servers) + topicRes, []string{`clusters["us|east"]`}},
		{"residency regex", p[:len(p)-2] + "  residency = [{ topics = \"(\", allowed_clusters = [\"us-east\"] }]\n}\n" + topic(std), []string{"residency[0].topics"}},
		{"residency unknown cluster", p[:len(p)-2] + "  residency = [{ topics = \"^eu\\\\.\", allowed_clusters = [\"mars\"] }]\n}\n" + topic(std), []string{"residency[0].allowed_clusters", "mars"}},
		{"residency without clusters", p[:len(p)-2] + "  residency = [{ topics = \"^eu\\\\.\", allowed_clusters = [] }]\n}\n" + topic(std), []string{"residency[0].allowed_clusters"}},
		{"residency empty pattern", p[:len(p)-2] + "  residency = [{ topics = \"\", allowed_clusters = [\"us-east\"] }]\n}\n" + topic(std), []string{"residency[0].topics"}},

		// geokafka_topic.
		{"topic name with a slash", p + topic(strings.Replace(std, `"orders"`, `"bad/name"`, 1)), []string{"Invalid Topic Name", "characters outside"}},
		{"topic name ..", p + topic(strings.Replace(std, `"orders"`, `".."`, 1)), []string{"Invalid Topic Name", "reserved"}},
		{"topic name too long", p + topic(strings.Replace(std, `"orders"`, `"`+strings.Repeat("x", 250)+`"`, 1)), []string{"Invalid Topic Name"}},
		{"topic name empty", p + topic(strings.Replace(std, `"orders"`, `""`, 1)), []string{"name"}},
		{"no partitions", p + topic(strings.Replace(std, "partitions = 1", "partitions = 0", 1)), []string{"partitions", "at least 1"}},
		{"negative partitions", p + topic(strings.Replace(std, "partitions = 1", "partitions = -3", 1)), []string{"partitions", "at least 1"}},
		{"replication factor 0", p + topic(strings.Replace(std, "replication_factor = 1", "replication_factor = 0", 1)), []string{"replication_factor", "between 1"}},
		{"replication factor too large", p + topic(strings.Replace(std, "replication_factor = 1", "replication_factor = 40000", 1)), []string{"replication_factor"}},
		{"empty config value", p + topic(std+`  config = { "cleanup.policy" = "" }`), []string{"Empty Config Value"}},
		{"unknown cluster", p + strings.Replace(topic(std), `"us-east"`, `"mars"`, 1), []string{"Unknown Cluster", "eu-west, us-east"}},
		{"no cluster among several", p + topicRes, []string{"several clusters", "set cluster to one of them"}},
		{"rack listed twice", p + topic(std+`  replica_placement = [{ racks = ["a", "a"], count = 1 }]`), []string{`rack "a" is listed twice in replica_placement[0]`}},
		{"placement count 0", p + topic(std+`  replica_placement = [{ racks = ["a"], count = 0 }]`), []string{"replica_placement[0].count"}},
		{"placement counts off", p + topic(strings.Replace(std, "replication_factor = 1", "replication_factor = 3", 1)+`  replica_placement = [{ racks = ["a"], count = 1 }]`), []string{"replica_placement"}},
		{"placement rack not on the cluster", p + topic(std+`  replica_placement = [{ racks = ["mars-1a"], count = 1 }]`), []string{"mars-1a"}},
		{"bad timeout", p + topic(std+`  timeouts = { create = "forever" }`), []string{`"forever" must be a string containing`, `"300ms"`}},

		// geokafka_geo_partitioned_topic.
		{"geo without regions", p + geo(`  regions = {}`), []string{"regions"}},
		{"geo region without partitions", p + geo(`  regions = { eu = { racks = ["a"], partitions = 0, replication_factor = 1 } }`), []string{`regions["eu"].partitions`}},
		{"geo region without racks", p + geo(`  regions = { eu = { racks = [], partitions = 1, replication_factor = 1 } }`), []string{`regions["eu"].racks`}},
		{"geo rack twice", p + geo(`  regions = { eu = { racks = ["a", "a"], partitions = 1, replication_factor = 1 } }`), []string{`rack "a" is listed twice in region "eu"`}},
		{"geo rf above racks", p + geo(`  regions = { eu = { racks = ["a"], partitions = 1, replication_factor = 2 } }`), []string{"Invalid Region", `no live broker has rack "a" (region "eu")`}},

		// geokafka_acl.
		{"acl operation", p + acl("User:a", "*", "Fly", "ALLOW", "TOPIC", "t", "LITERAL"), []string{"Invalid ACL Operation", `"Fly" is not a Kafka ACL operation`}},
		{"acl permission", p + acl("User:a", "*", "READ", "Maybe", "TOPIC", "t", "LITERAL"), []string{"Invalid ACL Permission"}},
		{"acl resource type", p + acl("User:a", "*", "READ", "ALLOW", "Table", "t", "LITERAL"), []string{"Invalid ACL Resource Type"}},
		{"acl pattern type", p + acl("User:a", "*", "READ", "ALLOW", "TOPIC", "t", "Any"), []string{"Invalid ACL Pattern Type"}},
		{"acl principal without type", p + acl("alice", "*", "READ", "ALLOW", "TOPIC", "t", "LITERAL"), []string{"Impossible ACL Binding", "User:alice"}},
		{"acl principal without name", p + acl("User:", "*", "READ", "ALLOW", "TOPIC", "t", "LITERAL"), []string{"principal"}},
		{"acl host a name", p + acl("User:a", "clients.example.com", "READ", "ALLOW", "TOPIC", "t", "LITERAL"), []string{"Invalid ACL Host", "is not an IP address"}},
		{"acl host not an IP", p + acl("User:a", "300.1.1.1", "READ", "ALLOW", "TOPIC", "t", "LITERAL"), []string{"Invalid ACL Host"}},
		{"acl cluster name", p + acl("User:a", "*", "ALTER", "ALLOW", "CLUSTER", "my-cluster", "LITERAL"), []string{"Impossible ACL Binding", `always named "kafka-cluster"`}},
		{"acl cluster prefixed", p + acl("User:a", "*", "ALTER", "ALLOW", "CLUSTER", "kafka-cluster", "PREFIXED"), []string{"Impossible ACL Binding", "only takes the LITERAL"}},
		{"acl group write", p + acl("User:a", "*", "WRITE", "ALLOW", "GROUP", "g", "LITERAL"), []string{"Impossible ACL Binding", "GROUP resource has no WRITE operation"}},
		{"acl empty resource name", p + acl("User:a", "*", "READ", "ALLOW", "TOPIC", "", "LITERAL"), []string{"resource_name"}},

		// geokafka_scram_credential.
		{"scram mechanism", p + scram(`  username = "u"
  mechanism = "SCRAM-SHA-1"
  password = "p"`), []string{"mechanism", "SCRAM-SHA-256"}},
		{"scram few iterations", p + scram(`  username = "u"
  mechanism = "SCRAM-SHA-256"
  password = "p"
  iterations = 1000`), []string{"iterations", "between 4096 and 16384"}},
		{"scram many iterations", p + scram(`  username = "u"
  mechanism = "SCRAM-SHA-256"
  password = "p"
  iterations = 20000`), []string{"iterations", "between 4096 and 16384"}},
		{"scram empty password", p + scram(`  username = "u"
  mechanism = "SCRAM-SHA-256"
  password = ""`), []string{"password", "at least 1"}},
		{"scram empty username", p + scram(`  username = ""
  mechanism = "SCRAM-SHA-256"
  password = "p"`), []string{"username"}},
		{"scram without password", p + scram(`  username = "u"
  mechanism = "SCRAM-SHA-256"`), []string{"password"}},

		// geokafka_quota.
		{"quota empty entity", p + quota(`{}`, `{ producer_byte_rate = 1 }`), []string{"Invalid Quota Entity"}},
		{"quota ip with user", p + quota(`{ ip = "10.0.0.1", user = "u" }`, `{ connection_creation_rate = 1 }`), []string{"Invalid Quota Entity"}},
		{"quota ip not an IP", p + quota(`{ ip = "not-an-ip" }`, `{ connection_creation_rate = 1 }`), []string{"Invalid Quota Entity"}},
		{"quota no values", p + quota(`{ user = "u" }`, `{}`), []string{"No Quota Values"}},
		{"quota unknown key", p + quota(`{ user = "u" }`, `{ bytes_per_second = 1 }`), []string{"Invalid Quota", "bytes_per_second"}},
		{"quota negative", p + quota(`{ user = "u" }`, `{ producer_byte_rate = -1 }`), []string{"Invalid Quota", "producer_byte_rate"}},
		{"quota user key on ip", p + quota(`{ ip = "10.0.0.1" }`, `{ producer_byte_rate = 1 }`), []string{"Invalid Quota", "producer_byte_rate"}},
		{"quota ip key on user", p + quota(`{ user = "u" }`, `{ connection_creation_rate = 1 }`), []string{"Invalid Quota", "connection_creation_rate"}},

		// geokafka_cluster_config.
		{"broker_id negative", p + "\nresource \"geokafka_cluster_config\" \"c\" {\n  cluster = \"us-east\"\n  broker_id = -1\n  config = { \"message.max.bytes\" = \"2097152\" }\n}\n", []string{"broker_id"}},
		{"broker_id not on the cluster", p + "\nresource \"geokafka_cluster_config\" \"c\" {\n  cluster = \"us-east\"\n  broker_id = 99\n  config = { \"message.max.bytes\" = \"2097152\" }\n}\n", []string{"Unknown Broker", `Cluster "us-east" has no live broker 99`}},
		{"cluster config empty", p + "\nresource \"geokafka_cluster_config\" \"c\" {\n  cluster = \"us-east\"\n  config = {}\n}\n", []string{"config"}},

		// geokafka_replication_link.
		{"link to itself", p + link(`  source = "us-east"
  target = "us-east"
  topics = [".*"]`), []string{"source"}},
		{"link from an unknown cluster", p + link(`  source = "mars"
  target = "us-east"
  topics = [".*"]`), []string{"Unknown Cluster", "mars"}},
		{"link naming", p + link(`  source = "eu-west"
  target = "us-east"
  topics = [".*"]
  naming = "mirror"`), []string{"naming"}},
		{"link topic regex", p + link(`  source = "eu-west"
  target = "us-east"
  topics = ["("]`), []string{"Invalid Pattern", `"(" is not a regular expression`}},
		{"link group regex", p + link(`  source = "eu-west"
  target = "us-east"
  topics = [".*"]
  groups = ["[a-"]`), []string{"Invalid Pattern", `"[a-" is not a regular expression`}},
		{"link open quote", p + link(`  source = "eu-west"
  target = "us-east"
  topics = ["\\Qorders.v1"]`), []string{"Invalid Pattern", `add \E`}},
		{"link state", p + link(`  source = "eu-west"
  target = "us-east"
  topics = [".*"]
  state = "sleeping"`), []string{"state"}},
		{"link tasks", p + link(`  source = "eu-west"
  target = "us-east"
  topics = [".*"]
  tasks_max = 0`), []string{"tasks_max"}},
		{"link start_from", p + link(`  source = "eu-west"
  target = "us-east"
  topics = [".*"]
  start_from = "yesterday"`), []string{"start_from"}},
		{"link empty separator", p + link(`  source = "eu-west"
  target = "us-east"
  topics = [".*"]
  separator = ""`), []string{"separator"}},
		{"link without topics", p + link(`  source = "eu-west"
  target = "us-east"
  topics = []`), []string{"topics"}},

		// Data sources and the function.
		{"topics regex", p + `data "geokafka_topics" "x" {
  cluster = "us-east"
  name_regex = "("
}`, []string{"Invalid Regular Expression"}},
		{"topic data unknown cluster", p + `data "geokafka_topic" "x" {
  cluster = "mars"
  name = "t"
}`, []string{"Unknown Cluster", "mars"}},
		{"cluster data unknown cluster", p + `data "geokafka_cluster" "x" { cluster = "mars" }`, []string{"Unknown Cluster", "mars"}},
		{"status of a link to itself", p + `data "geokafka_replication_status" "x" {
  source = "us-east"
  target = "us-east"
}`, []string{"Invalid Link", `source and target are both "us-east"`}},
		{"remote_topic_name empty alias", p + `output "x" { value = provider::geokafka::remote_topic_name("", "orders") }`, []string{"source_alias"}},
		{"remote_topic_name empty separator", p + `output "x" { value = provider::geokafka::remote_topic_name("us-east", "orders", "") }`, []string{"separator"}},
	}
	if len(cases) < 80 {
		t.Fatalf("the catalogue has %d bad inputs, want at least 80", len(cases))
	}
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: e.providers(), Steps: []resource.TestStep{
				{Config: c.hcl, PlanOnly: true, ExpectError: errRe(c.want...)},
			}})
		})
	}
}
