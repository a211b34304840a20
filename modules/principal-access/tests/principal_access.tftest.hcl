# Runs against the lab (make lab-up): every regional cluster has an
# authorizer, so the bindings are really created and then destroyed.
provider "geokafka" {
  clusters = {
    us-east  = { bootstrap_servers = ["127.0.0.1:19092"] }
    eu-west  = { bootstrap_servers = ["127.0.0.1:29092"] }
    ap-south = { bootstrap_servers = ["127.0.0.1:23092"] }
  }
}

variables {
  clusters       = ["us-east", "eu-west", "ap-south"]
  principal      = "User:module-test-app"
  produce_topics = ["module-test.orders"]
  consume_topics = ["module-test.payments", "module-test.refunds"]
  consume_groups = ["module-test-billing"]
}

run "expands_to_every_cluster" {
  assert {
    condition     = length(output.acl_ids) == 3 * (2 + 4 + 1)
    error_message = "want 7 bindings in each of 3 clusters, got ${length(output.acl_ids)}"
  }

  assert {
    condition     = alltrue([for c, n in output.acl_count_by_cluster : n == 7])
    error_message = "every cluster must get the same 7 bindings: ${jsonencode(output.acl_count_by_cluster)}"
  }

  assert {
    condition     = output.acl_ids["eu-west|WRITE|TOPIC|module-test.orders"] == "eu-west|User:module-test-app|*|WRITE|ALLOW|TOPIC|module-test.orders|LITERAL"
    error_message = "the producer's WRITE binding on eu-west is missing or wrong"
  }

  assert {
    condition     = output.acl_ids["ap-south|READ|GROUP|module-test-billing"] == "ap-south|User:module-test-app|*|READ|ALLOW|GROUP|module-test-billing|LITERAL"
    error_message = "the consumer group binding on ap-south is missing or wrong"
  }

  assert {
    condition     = !contains(keys(output.acl_ids), "us-east|WRITE|TOPIC|module-test.payments")
    error_message = "a consumed topic must not get WRITE"
  }
}

run "prefixed_and_one_cluster_less" {
  variables {
    clusters     = ["us-east", "eu-west"]
    pattern_type = "PREFIXED"
  }

  assert {
    condition     = length(output.acl_ids) == 2 * 7
    error_message = "want 14 bindings after dropping a cluster, got ${length(output.acl_ids)}"
  }

  assert {
    condition     = endswith(output.acl_ids["us-east|READ|TOPIC|module-test.payments"], "|PREFIXED")
    error_message = "pattern_type PREFIXED must reach every binding"
  }
}

run "rejects_a_bad_principal" {
  command = plan

  variables {
    principal = "module-test-app"
  }

  expect_failures = [var.principal]
}

run "rejects_an_empty_cluster_list" {
  command = plan

  variables {
    clusters = []
  }

  expect_failures = [var.clusters]
}
