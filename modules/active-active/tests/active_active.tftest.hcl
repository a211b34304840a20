# Runs under terraform and OpenTofu, so no run refers to an earlier one
# (run.<name>, which OpenTofu's test runner cannot do): the second run names
# the links and subscriptions the first one asserts. Runs against the lab (make lab-up): topics in three regional clusters and the
# six links between them, run by the lab's Kafka Connect worker, are really
# created and then destroyed. Copies made by the links stay on the clusters.
provider "geokafka" {
  clusters = {
    us-east  = { bootstrap_servers = ["127.0.0.1:19092"], connect_url = "http://127.0.0.1:8083" }
    eu-west  = { bootstrap_servers = ["127.0.0.1:29092"], connect_url = "http://127.0.0.1:8083" }
    ap-south = { bootstrap_servers = ["127.0.0.1:23092"], connect_url = "http://127.0.0.1:8083" }
  }
}

variables {
  regions = ["us-east", "eu-west", "ap-south"]
  topics = {
    "mtest-aa-orders" = { partitions = 1, replication_factor = 1, config = { "retention.ms" = "3600000" } }
    "mtest-aa-stock"  = { partitions = 1, replication_factor = 1 }
  }
  link_config = { "refresh.topics.interval.seconds" = "60" }
}

run "mesh_of_three_regions" {
  assert {
    condition = output.subscriptions["eu-west"] == [
      "mtest-aa-orders", "mtest-aa-stock",
      "us-east.mtest-aa-orders", "us-east.mtest-aa-stock",
      "ap-south.mtest-aa-orders", "ap-south.mtest-aa-stock",
    ]
    error_message = "eu-west must read its own topics, then those of us-east and ap-south: ${jsonencode(output.subscriptions["eu-west"])}"
  }

  assert {
    condition = output.subscriptions["us-east"] == [
      "mtest-aa-orders", "mtest-aa-stock",
      "eu-west.mtest-aa-orders", "eu-west.mtest-aa-stock",
      "ap-south.mtest-aa-orders", "ap-south.mtest-aa-stock",
    ]
    error_message = "us-east must read its own topics, then those of eu-west and ap-south: ${jsonencode(output.subscriptions["us-east"])}"
  }

  assert {
    condition = output.subscriptions["ap-south"] == [
      "mtest-aa-orders", "mtest-aa-stock",
      "us-east.mtest-aa-orders", "us-east.mtest-aa-stock",
      "eu-west.mtest-aa-orders", "eu-west.mtest-aa-stock",
    ]
    error_message = "ap-south must read its own topics, then those of us-east and eu-west: ${jsonencode(output.subscriptions["ap-south"])}"
  }

  assert {
    condition = sort(keys(output.link_ids)) == sort([
      "us-east|eu-west", "us-east|ap-south", "eu-west|us-east",
      "eu-west|ap-south", "ap-south|us-east", "ap-south|eu-west",
    ])
    error_message = "want a link for every ordered pair of regions: ${jsonencode(keys(output.link_ids))}"
  }

  assert {
    condition     = alltrue([for k, id in output.link_ids : id == k])
    error_message = "a link's id is <source>|<target>: ${jsonencode(output.link_ids)}"
  }

  assert {
    condition     = alltrue([for l in geokafka_replication_link.this : l.state == "running" && l.naming == "prefixed" && length(l.connector_names) == 3])
    error_message = "every link must run its three connectors with prefixed naming: ${jsonencode({ for k, l in geokafka_replication_link.this : k => l.status })}"
  }

  assert {
    condition     = alltrue([for l in geokafka_replication_link.this : l.topics == tolist(["mtest-aa-orders", "mtest-aa-stock"]) && l.sync_group_offsets && l.replication_factor == -1])
    error_message = "every link must copy exactly the local topics, with the default link options"
  }

  assert {
    condition     = length(output.topic_ids) == 6 && alltrue([for id in values(output.topic_ids) : length(id) > 0])
    error_message = "want two topics in each of three regions: ${jsonencode(output.topic_ids)}"
  }

  assert {
    condition     = geokafka_topic.this["ap-south/mtest-aa-orders"].config["retention.ms"] == "3600000"
    error_message = "the topic's config must reach every region"
  }
}

run "links_run_on_connect" {
  module {
    source = "./tests/verify"
  }

  variables {
    link_ids = [
      "us-east|eu-west", "us-east|ap-south", "eu-west|us-east",
      "eu-west|ap-south", "ap-south|us-east", "ap-south|eu-west",
    ]
  }

  assert {
    condition     = length(output.running) == 6 && alltrue(values(output.running))
    error_message = "every link must be running on Kafka Connect: ${jsonencode(output.connectors)}"
  }

  assert {
    condition     = output.remote_topics["us-east|eu-west"] == ["us-east.mtest-aa-orders", "us-east.mtest-aa-stock"]
    error_message = "the link us-east -> eu-west must copy exactly the local topics, under the subscribed names: ${jsonencode(output.remote_topics["us-east|eu-west"])}"
  }

  assert {
    condition = alltrue([
      # r's subscriptions: its own topics and every other region's copies.
      for r in ["us-east", "eu-west", "ap-south"] : alltrue([
        for k, names in output.remote_topics : alltrue([for n in names : contains(concat(["mtest-aa-orders", "mtest-aa-stock"],
        flatten([for o in ["us-east", "eu-west", "ap-south"] : ["${o}.mtest-aa-orders", "${o}.mtest-aa-stock"] if o != r])), n)]) if endswith(k, "|${r}")
      ])
    ])
    error_message = "every copy a link makes must be in its target's subscription list"
  }
}

run "rejects_a_single_region" {
  command = plan

  variables {
    regions = ["us-east"]
  }

  expect_failures = [var.regions]
}

run "rejects_a_topic_named_like_a_copy" {
  command = plan

  variables {
    regions = ["us-east", "eu-west"]
    topics = {
      "eu-west.mtest-aa-orders" = { partitions = 1, replication_factor = 1 }
    }
  }

  expect_failures = [geokafka_topic.this]
}
