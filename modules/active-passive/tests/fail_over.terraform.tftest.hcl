# Runs against the lab (make lab-up): eu-west and ap-south as a DR pair, with
# the lab's Kafka Connect worker running the link into either of them. The
# first run makes eu-west active, the second fails over to ap-south. (Run by
# terraform only: OpenTofu's test runner cannot refer to earlier runs, run.<name>.)
provider "geokafka" {
  clusters = {
    us-east  = { bootstrap_servers = ["127.0.0.1:19092"], connect_url = "http://127.0.0.1:8083" }
    eu-west  = { bootstrap_servers = ["127.0.0.1:29092"], connect_url = "http://127.0.0.1:8083" }
    ap-south = { bootstrap_servers = ["127.0.0.1:23092"], connect_url = "http://127.0.0.1:8083" }
  }
}

variables {
  clusters = { primary = "eu-west", secondary = "ap-south" }
  active   = "primary"
  topics = {
    "mtest-ap-orders"     = { partitions = 2, replication_factor = 1, config = { "retention.ms" = "3600000" } }
    "mtest-ap.payments.1" = { partitions = 1, replication_factor = 1 }
  }
  producers       = ["User:mtest-ap-orders-svc"]
  consumers       = ["User:mtest-ap-billing", "User:mtest-ap-orders-svc"]
  consumer_groups = ["mtest-ap-billing"]
  force_destroy   = true
}

run "primary_active" {
  assert {
    condition     = geokafka_replication_link.this.source == "eu-west" && geokafka_replication_link.this.target == "ap-south"
    error_message = "the link must copy from eu-west to ap-south, got ${geokafka_replication_link.this.id}"
  }

  assert {
    condition     = output.link_id == "eu-west|ap-south" && output.active_cluster == "eu-west" && output.passive_cluster == "ap-south"
    error_message = "outputs must name eu-west active and ap-south passive"
  }

  assert {
    condition     = geokafka_replication_link.this.naming == "identity" && geokafka_replication_link.this.sync_group_offsets
    error_message = "the link must keep names and sync group offsets"
  }

  assert {
    condition     = geokafka_replication_link.this.topics == tolist(["mtest-ap-orders", "mtest-ap\\.payments\\.1"]) && geokafka_replication_link.this.groups == tolist(["mtest-ap-billing"])
    error_message = "the link must select exactly the module's topics and groups: ${jsonencode(geokafka_replication_link.this.topics)} ${jsonencode(geokafka_replication_link.this.groups)}"
  }

  assert {
    condition     = length(output.topic_ids) == 4 && alltrue([for id in values(output.topic_ids) : id != ""])
    error_message = "every topic must exist on both clusters: ${jsonencode(output.topic_ids)}"
  }

  assert {
    condition     = length(output.producer_acl_ids) == 4 && alltrue([for k in keys(output.producer_acl_ids) : startswith(k, "eu-west|")])
    error_message = "producer bindings must be on eu-west only: ${jsonencode(keys(output.producer_acl_ids))}"
  }

  assert {
    condition     = output.producer_acl_ids["eu-west|User:mtest-ap-orders-svc|WRITE|TOPIC|mtest-ap-orders"] == "eu-west|User:mtest-ap-orders-svc|*|WRITE|ALLOW|TOPIC|mtest-ap-orders|LITERAL"
    error_message = "the producer's WRITE binding on eu-west is missing or wrong"
  }

  assert {
    # 2 consumers x (2 topics x 2 operations + 1 group) on each of 2 clusters
    condition     = length(output.consumer_acl_ids) == 2 * 2 * 5
    error_message = "want 20 consumer bindings, got ${length(output.consumer_acl_ids)}"
  }

  assert {
    # producer WRITE x2 on eu-west; its DESCRIBE bindings are shared with the consumer ones
    condition     = length(geokafka_acl.this) == 20 + 2
    error_message = "want 22 bindings in all, got ${length(geokafka_acl.this)}"
  }
}

run "fail_over_to_secondary" {
  variables {
    active = "secondary"
  }

  assert {
    condition     = geokafka_replication_link.this.source == "ap-south" && geokafka_replication_link.this.target == "eu-west"
    error_message = "the link must be reversed, got ${geokafka_replication_link.this.id}"
  }

  assert {
    condition     = output.link_id == "ap-south|eu-west" && output.active_cluster == "ap-south" && output.passive_cluster == "eu-west"
    error_message = "outputs must name ap-south active and eu-west passive"
  }

  assert {
    condition     = output.topic_ids == run.primary_active.topic_ids
    error_message = "a fail-over must not re-create any topic: ${jsonencode(run.primary_active.topic_ids)} became ${jsonencode(output.topic_ids)}"
  }

  assert {
    condition     = length(output.producer_acl_ids) == 4 && alltrue([for k in keys(output.producer_acl_ids) : startswith(k, "ap-south|")])
    error_message = "producer bindings must have moved to ap-south: ${jsonencode(keys(output.producer_acl_ids))}"
  }

  assert {
    condition     = length(setintersection(values(output.producer_acl_ids), values(run.primary_active.producer_acl_ids))) == 0
    error_message = "no producer binding of the old active side may be left among the producer bindings"
  }

  assert {
    condition     = !contains(keys(geokafka_acl.this), "eu-west|User:mtest-ap-orders-svc|WRITE|TOPIC|mtest-ap-orders")
    error_message = "the WRITE binding on the old active cluster must be gone"
  }

  assert {
    condition     = contains(keys(geokafka_acl.this), "eu-west|User:mtest-ap-orders-svc|DESCRIBE|TOPIC|mtest-ap-orders")
    error_message = "a principal that also consumes keeps DESCRIBE on the passive cluster"
  }

  assert {
    condition     = output.consumer_acl_ids == run.primary_active.consumer_acl_ids
    error_message = "consumer bindings must not change on fail-over"
  }
}

run "rejects_an_unknown_active" {
  command = plan

  variables {
    active = "ap-south-2"
  }

  expect_failures = [var.active]
}

run "rejects_the_same_cluster_twice" {
  command = plan

  variables {
    clusters = { primary = "eu-west", secondary = "eu-west" }
  }

  expect_failures = [var.clusters]
}

run "rejects_an_offline_cluster_outside_the_pair" {
  command = plan

  variables {
    offline_clusters = ["us-east"]
  }

  expect_failures = [geokafka_topic.this]
}
