# Fail-over with the active cluster lost, against the lab: eu-west (primary,
# active) and ap-south. The second run marks eu-west offline at an address
# where nothing listens, so anything that reached it would fail; the third
# brings it back. (Run by terraform only: OpenTofu's test runner cannot
# evaluate assertions in a run with its own providers.)
provider "geokafka" {
  clusters = {
    eu-west  = { bootstrap_servers = ["127.0.0.1:29092"], connect_url = "http://127.0.0.1:8083" }
    ap-south = { bootstrap_servers = ["127.0.0.1:39092"], connect_url = "http://127.0.0.1:8083" }
  }
}

provider "geokafka" {
  alias = "eu_west_lost"
  clusters = {
    eu-west  = { bootstrap_servers = ["127.0.0.1:1"], connect_url = "http://127.0.0.1:1", offline = true }
    ap-south = { bootstrap_servers = ["127.0.0.1:39092"], connect_url = "http://127.0.0.1:8083" }
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

# eu-west is back: the pending link starts and the old bindings go.
run "primary_back" {
  variables {
    active = "secondary"
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
