# Runs against the lab (make lab-up): the legacy cluster (Kafka 3.9 on
# ZooKeeper) moves to us-east (Kafka 4 on KRaft), whose Kafka Connect runs
# the link. The topics have no records here: records, offsets and the
# group's position are rehearsed by `make drill` (scenario migrate).
provider "geokafka" {
  clusters = {
    legacy  = { bootstrap_servers = ["127.0.0.1:27092"] }
    us-east = { bootstrap_servers = ["127.0.0.1:19092"], connect_url = "http://127.0.0.1:8083" }
  }
}

variables {
  from = "legacy"
  to   = "us-east"
  topics = {
    "mtest-cm.orders" = { partitions = 3, replication_factor = 1, config = { "retention.ms" = "3600000" } }
    "mtest-cm.audit"  = { partitions = 1, replication_factor = 1 }
  }
  producers       = ["User:mtest-cm-orders-svc"]
  consumers       = ["User:mtest-cm-billing"]
  consumer_groups = ["mtest-cm.billing"]
  scram_users     = { "mtest-cm-orders-svc" = { password = "mtest-cm-password" } }
  quotas = {
    orders = { entity = { user = "mtest-cm-orders-svc" }, config = { producer_byte_rate = 1048576 } }
  }
  force_destroy = true
}

run "copying" {
  assert {
    condition     = geokafka_replication_link.this.source == "legacy" && geokafka_replication_link.this.target == "us-east" && geokafka_replication_link.this.state == "running"
    error_message = "the link must copy legacy into us-east and run, got ${geokafka_replication_link.this.id} ${geokafka_replication_link.this.state}"
  }

  assert {
    condition     = geokafka_replication_link.this.naming == "identity" && geokafka_replication_link.this.sync_group_offsets && geokafka_replication_link.this.config["offset.lag.max"] == "0"
    error_message = "the link must keep names, sync group offsets and sync every offset"
  }

  assert {
    condition     = geokafka_replication_link.this.topics == tolist(["mtest-cm\\.audit", "mtest-cm\\.orders"]) && geokafka_replication_link.this.groups == tolist(["mtest-cm\\.billing"])
    error_message = "the link must select exactly the module's topics and group: ${jsonencode(geokafka_replication_link.this.topics)} ${jsonencode(geokafka_replication_link.this.groups)}"
  }

  assert {
    condition     = alltrue([for t in geokafka_topic.this : t.cluster == "us-east" && t.topic_id != ""]) && length(geokafka_topic.this) == 2
    error_message = "both topics must exist on us-east"
  }

  assert {
    condition     = output.producer_cluster == "legacy" && alltrue([for k in keys(output.acl_ids) : startswith(k, "legacy|") if strcontains(k, "|WRITE|")])
    error_message = "the producer writes on legacy until the cut-over: ${jsonencode(keys(output.acl_ids))}"
  }

  assert {
    # consumer: 2 topics x 2 operations + 1 group, on 2 clusters; producer: 2 topics x 2 operations
    condition     = length(output.acl_ids) == 2 * 5 + 4
    error_message = "want 14 bindings, got ${length(output.acl_ids)}"
  }

  assert {
    condition     = geokafka_scram_credential.this["mtest-cm-orders-svc"].cluster == "us-east" && geokafka_quota.this["orders"].id == "us-east|user=mtest-cm-orders-svc"
    error_message = "the user and its quota must be declared on us-east"
  }

  assert {
    condition     = output.lag == 0
    error_message = "nothing to copy, yet lag is ${output.lag}"
  }
}

run "cut_over" {
  variables {
    cut_over = true
  }

  assert {
    condition     = geokafka_replication_link.this.state == "stopped" && output.link_state == "stopped"
    error_message = "the cut-over stops the link"
  }

  assert {
    condition = (output.producer_cluster == "us-east"
      && length([for k in keys(output.acl_ids) : k if strcontains(k, "|WRITE|")]) == 2
    && alltrue([for k in keys(output.acl_ids) : startswith(k, "us-east|") if strcontains(k, "|WRITE|")]))
    error_message = "the producer's bindings must move to us-east: ${jsonencode(keys(output.acl_ids))}"
  }

  assert {
    condition     = length(output.acl_ids) == 14
    error_message = "the consumer keeps its bindings on both clusters, want 14, got ${length(output.acl_ids)}"
  }
}
