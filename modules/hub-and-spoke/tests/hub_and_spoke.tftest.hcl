# Runs against the lab (make lab-up): eu-west and ap-south copy into us-east,
# with the lab's Kafka Connect worker running both links. A residency rule
# keeps "mtest-hs-eu." topics in eu-west: the hub is not allowed, so both
# links exclude them.
provider "geokafka" {
  clusters = {
    us-east  = { bootstrap_servers = ["127.0.0.1:19092"], connect_url = "http://127.0.0.1:8083" }
    eu-west  = { bootstrap_servers = ["127.0.0.1:29092"], connect_url = "http://127.0.0.1:8083" }
    ap-south = { bootstrap_servers = ["127.0.0.1:23092"], connect_url = "http://127.0.0.1:8083" }
  }

  residency = [{ topics = "^mtest-hs-eu\\.", allowed_clusters = ["eu-west"] }]
}

variables {
  hub     = "us-east"
  spokes  = ["eu-west", "ap-south"]
  topics  = ["mtest-hs-telemetry\\..+", "mtest-hs-eu\\..+"]
  exclude = ["mtest-hs-telemetry\\.debug\\..+"]
}

run "aggregates_into_the_hub" {
  assert {
    condition     = length(geokafka_replication_link.this) == 2
    error_message = "want one link per spoke, got ${length(geokafka_replication_link.this)}"
  }

  assert {
    condition     = geokafka_replication_link.this["eu-west"].source == "eu-west" && geokafka_replication_link.this["eu-west"].target == "us-east"
    error_message = "the eu-west link must copy from eu-west to us-east"
  }

  assert {
    condition     = geokafka_replication_link.this["ap-south"].source == "ap-south" && geokafka_replication_link.this["ap-south"].target == "us-east"
    error_message = "the ap-south link must copy from ap-south to us-east"
  }

  assert {
    condition     = output.link_ids == { "eu-west" = "eu-west|us-east", "ap-south" = "ap-south|us-east" }
    error_message = "link ids by spoke are wrong: ${jsonencode(output.link_ids)}"
  }

  assert {
    condition     = alltrue([for l in geokafka_replication_link.this : l.naming == "prefixed" && l.state == "running"])
    error_message = "every link must run with prefixed names"
  }

  assert {
    condition     = contains(geokafka_replication_link.this["eu-west"].residency_excludes, "^mtest-hs-eu\\.")
    error_message = "the eu-west link must hold back what residency keeps off the hub: ${jsonencode(geokafka_replication_link.this["eu-west"].residency_excludes)}"
  }

  assert {
    # The rule restricts the hub (the target), not the spoke.
    condition     = contains(geokafka_replication_link.this["ap-south"].residency_excludes, "^mtest-hs-eu\\.")
    error_message = "the ap-south link must hold it back too: ${jsonencode(geokafka_replication_link.this["ap-south"].residency_excludes)}"
  }

  assert {
    condition     = alltrue([for l in geokafka_replication_link.this : l.topics_exclude == tolist(["us-east\\..*", "mtest-hs-telemetry\\.debug\\..+"])])
    error_message = "the module's exclusions must reach every link (residency ones stay in residency_excludes)"
  }

  assert {
    condition     = output.remote_topic_name_patterns == { "eu-west" = "eu-west.<topic>", "ap-south" = "ap-south.<topic>" }
    error_message = "remote names on the hub are wrong: ${jsonencode(output.remote_topic_name_patterns)}"
  }

  assert {
    condition     = output.remote_topic_prefixes["ap-south"] == "ap-south."
    error_message = "the prefix of ap-south's copies must be ap-south."
  }
}

run "rejects_the_hub_as_a_spoke" {
  command = plan

  variables {
    spokes = ["eu-west", "us-east"]
  }

  expect_failures = [geokafka_replication_link.this]
}
