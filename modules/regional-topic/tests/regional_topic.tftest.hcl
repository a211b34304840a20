# Runs against the lab (make lab-up): the topics are really created in the
# three regional clusters (one broker each) and destroyed at the end.
provider "geokafka" {
  clusters = {
    us-east  = { bootstrap_servers = ["127.0.0.1:19092"] }
    eu-west  = { bootstrap_servers = ["127.0.0.1:29092"] }
    ap-south = { bootstrap_servers = ["127.0.0.1:23092"] }
  }
}

variables {
  name               = "mtest-rt-orders"
  clusters           = ["us-east", "eu-west", "ap-south"]
  partitions         = 1
  replication_factor = 1
  config = {
    "cleanup.policy" = "delete"
    "retention.ms"   = "604800000"
  }
  overrides = {
    eu-west = {
      partitions = 2
      config     = { "retention.ms" = "1209600000" }
    }
  }
}

run "creates_the_topic_in_every_cluster" {
  assert {
    condition = output.ids == {
      us-east  = "us-east/mtest-rt-orders"
      eu-west  = "eu-west/mtest-rt-orders"
      ap-south = "ap-south/mtest-rt-orders"
    }
    error_message = "want one id <cluster>/<name> per cluster, got ${jsonencode(output.ids)}"
  }

  assert {
    condition     = length(output.topic_ids) == 3 && alltrue([for id in values(output.topic_ids) : length(id) > 0])
    error_message = "every cluster must report a topic id: ${jsonencode(output.topic_ids)}"
  }

  assert {
    condition     = length(distinct(values(output.topic_ids))) == 3
    error_message = "each cluster's topic is its own topic, with its own id: ${jsonencode(output.topic_ids)}"
  }

  assert {
    condition     = geokafka_topic.this["eu-west"].partitions == 2 && geokafka_topic.this["us-east"].partitions == 1 && geokafka_topic.this["ap-south"].partitions == 1
    error_message = "the override must give eu-west 2 partitions and leave the others at 1"
  }

  assert {
    condition = geokafka_topic.this["eu-west"].config == tomap({
      "cleanup.policy" = "delete"
      "retention.ms"   = "1209600000"
    })
    error_message = "the override's config must be merged over the defaults on eu-west: ${jsonencode(geokafka_topic.this["eu-west"].config)}"
  }

  assert {
    condition     = geokafka_topic.this["ap-south"].config["retention.ms"] == "604800000" && geokafka_topic.this["ap-south"].replication_factor == 1
    error_message = "clusters without an override keep the defaults"
  }
}

run "rejects_an_override_for_an_unknown_cluster" {
  command = plan

  # The eu-west override stays as applied; eu-central is not in clusters.
  variables {
    overrides = {
      eu-west = {
        partitions = 2
        config     = { "retention.ms" = "1209600000" }
      }
      eu-central = { partitions = 3 }
    }
  }

  expect_failures = [geokafka_topic.this]
}
