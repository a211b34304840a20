# Fail-over with the active cluster lost, against the lab: eu-west (primary,
# active) and ap-south. The second run marks eu-west offline at an address
# where nothing listens, so anything that reached it would fail; the third
# brings it back. (Run by terraform only: OpenTofu's test runner cannot
# evaluate assertions in a run with its own providers.)
provider "geokafka" {
  clusters = {
    eu-west  = { bootstrap_servers = ["127.0.0.1:29092"], connect_url = "http://127.0.0.1:8083" }
    ap-south = { bootstrap_servers = ["127.0.0.1:23092"], connect_url = "http://127.0.0.1:8083" }
  }
}

provider "geokafka" {
  alias = "eu_west_lost"
  clusters = {
    eu-west  = { bootstrap_servers = ["127.0.0.1:1"], connect_url = "http://127.0.0.1:1", offline = true }
    ap-south = { bootstrap_servers = ["127.0.0.1:23092"], connect_url = "http://127.0.0.1:8083" }
  }
}

variables {
  clusters = { primary = "eu-west", secondary = "ap-south" }
  active   = "primary"
  topics = {
    "mtest-apo-orders" = { partitions = 2, replication_factor = 1 }
    "mtest-apo-audit"  = { partitions = 1, replication_factor = 1 }
  }
  producers       = ["User:mtest-apo-orders-svc"]
  consumers       = ["User:mtest-apo-billing"]
  consumer_groups = ["mtest-apo-billing"]
  force_destroy   = true
}

run "primary_active" {
  assert {
    condition     = output.link_id == "eu-west|ap-south" && length(output.link_resume_from) == 0
    error_message = "the link must copy from eu-west to ap-south and start normally, got ${output.link_id} ${jsonencode(output.link_resume_from)}"
  }
}

# The active cluster is lost: fail over without reaching it. The link into
# it is pending, and the producers' bindings on it stay until it is back.
run "fail_over_with_primary_lost" {
  providers = {
    geokafka = geokafka.eu_west_lost
  }

  variables {
    active           = "secondary"
    offline_clusters = ["eu-west"]
  }

  assert {
    condition     = output.link_id == "ap-south|eu-west" && length(output.link_resume_from) == 3
    error_message = "the reverse link must be pending with the end offset of each of the 3 partitions of ap-south, got ${jsonencode(output.link_resume_from)}"
  }

  assert {
    condition     = startswith(values(geokafka_replication_link.this.status)[0], "PENDING")
    error_message = "nothing may run into the lost cluster: ${jsonencode(geokafka_replication_link.this.status)}"
  }

  assert {
    condition     = output.active_cluster == "ap-south" && output.topic_ids == run.primary_active.topic_ids
    error_message = "ap-south must be active with every topic unchanged"
  }

  assert {
    condition     = length([for k in keys(output.producer_acl_ids) : k if startswith(k, "ap-south|")]) == 4 && length([for k in keys(output.producer_acl_ids) : k if startswith(k, "eu-west|")]) == 4
    error_message = "producers must be allowed on ap-south and keep their bindings on the lost eu-west: ${jsonencode(keys(output.producer_acl_ids))}"
  }
}

# catch_up reads the old active cluster, which must answer.
run "catch_up_refused_while_lost" {
  command = plan
  providers = {
    geokafka = geokafka.eu_west_lost
  }

  variables {
    active           = "secondary"
    offline_clusters = ["eu-west"]
    catch_up         = true
  }

  expect_failures = [geokafka_replication_link.this]
}

# eu-west is back after a split brain: a prefixed link from it copies what it
# took after the fail-over point while the reverse link waits stopped, and
# its producers lose their bindings on it in the same apply.
run "primary_back_catching_up" {
  variables {
    active   = "secondary"
    catch_up = true
  }

  assert {
    condition     = geokafka_replication_link.this.state == "stopped" && output.link_resume_from == run.fail_over_with_primary_lost.link_resume_from
    error_message = "the reverse link must wait stopped, keeping its resume_from: ${geokafka_replication_link.this.state}"
  }

  assert {
    condition     = geokafka_replication_link.catch_up[0].id == "eu-west|ap-south" && geokafka_replication_link.catch_up[0].start_offsets == output.link_resume_from
    error_message = "the catch-up link must copy eu-west to ap-south from the reverse link's resume_from: ${jsonencode(geokafka_replication_link.catch_up[0].start_offsets)}"
  }

  assert {
    condition     = output.catch_up_topics == { "mtest-apo-orders" = "eu-west.mtest-apo-orders", "mtest-apo-audit" = "eu-west.mtest-apo-audit" }
    error_message = "the stranded records must arrive under eu-west's prefix: ${jsonencode(output.catch_up_topics)}"
  }

  assert {
    condition     = length(output.stranded_records) == 0
    error_message = "nothing was written on eu-west after the fail-over: ${jsonencode(output.stranded_records)}"
  }

  assert {
    condition     = length(output.producer_acl_ids) == 4 && alltrue([for k in keys(output.producer_acl_ids) : startswith(k, "ap-south|")])
    error_message = "the producers' bindings on eu-west must be gone: ${jsonencode(keys(output.producer_acl_ids))}"
  }
}

# Caught up: the catch-up link goes and the reverse link starts.
run "primary_back" {
  variables {
    active = "secondary"
  }

  assert {
    condition     = length(geokafka_replication_link.catch_up) == 0 && length(output.catch_up_topics) == 0
    error_message = "the catch-up link must be gone"
  }

  assert {
    condition     = geokafka_replication_link.this.state == "running" && alltrue([for s in values(geokafka_replication_link.this.status) : startswith(s, "RUNNING")])
    error_message = "the pending link must run once eu-west is back: ${jsonencode(geokafka_replication_link.this.status)}"
  }

  assert {
    condition     = output.link_resume_from == run.fail_over_with_primary_lost.link_resume_from
    error_message = "resume_from records where the link started"
  }

  assert {
    condition     = length(output.producer_acl_ids) == 4 && alltrue([for k in keys(output.producer_acl_ids) : startswith(k, "ap-south|")])
    error_message = "the producers' bindings on eu-west must be gone: ${jsonencode(keys(output.producer_acl_ids))}"
  }
}
