# A DR pair on the lab, eu-west and ap-south: the first run makes eu-west
# active, the second fails over to ap-south. Only assertions on the current
# state, so that OpenTofu runs it too (fail_over.terraform.tftest.hcl
# compares the runs).
provider "geokafka" {
  clusters = {
    eu-west  = { bootstrap_servers = ["127.0.0.1:29092"], connect_url = "http://127.0.0.1:8083" }
    ap-south = { bootstrap_servers = ["127.0.0.1:23092"], connect_url = "http://127.0.0.1:8083" }
  }
}

variables {
  clusters = { primary = "eu-west", secondary = "ap-south" }
  topics = {
    "mtest-apb-orders" = { partitions = 2, replication_factor = 1 }
  }
  producers       = ["User:mtest-apb-orders-svc"]
  consumers       = ["User:mtest-apb-billing"]
  consumer_groups = ["mtest-apb-billing"]
  force_destroy   = true
}

run "primary_active" {
  assert {
    condition     = geokafka_replication_link.this.source == "eu-west" && geokafka_replication_link.this.target == "ap-south" && geokafka_replication_link.this.naming == "identity"
    error_message = "the identity link must copy from eu-west to ap-south, got ${geokafka_replication_link.this.id}"
  }

  assert {
    condition     = length(output.topic_ids) == 2 && alltrue([for id in values(output.topic_ids) : id != ""])
    error_message = "the topic must exist on both clusters: ${jsonencode(output.topic_ids)}"
  }

  assert {
    condition     = length(output.producer_acl_ids) == 2 && alltrue([for k in keys(output.producer_acl_ids) : startswith(k, "eu-west|")])
    error_message = "producer bindings must be on eu-west only: ${jsonencode(keys(output.producer_acl_ids))}"
  }
}

run "fail_over" {
  variables {
    active = "secondary"
  }

  assert {
    condition     = geokafka_replication_link.this.source == "ap-south" && geokafka_replication_link.this.target == "eu-west" && geokafka_replication_link.this.state == "running"
    error_message = "the link must be reversed and running, got ${geokafka_replication_link.this.id} (${geokafka_replication_link.this.state})"
  }

  assert {
    condition     = length(output.producer_acl_ids) == 2 && alltrue([for k in keys(output.producer_acl_ids) : startswith(k, "ap-south|")])
    error_message = "producer bindings must have moved to ap-south: ${jsonencode(keys(output.producer_acl_ids))}"
  }

  assert {
    # READ and DESCRIBE on the topic and READ on the group, on both clusters
    condition     = length(output.consumer_acl_ids) == 2 * 3
    error_message = "consumer bindings must stay on both clusters: ${jsonencode(keys(output.consumer_acl_ids))}"
  }
}
