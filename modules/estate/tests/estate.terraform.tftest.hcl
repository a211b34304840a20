# Run by terraform only: its assertions (or provider blocks) refer to earlier
# runs, run.<name>, which OpenTofu's test runner (1.12 included) cannot do.
# Runs against the lab (make lab-up), on eu-west, ap-south and the stretch
# cluster only (us-east is left to other users of the lab; the estate's "us"
# region exists here only as racks of the stretch cluster). Every name starts
# with mtest-estate. The plan runs check the module's logic and its plan-time
# refusals; apply_a_small_estate creates a local, an active-active, a
# geo-partitioned and a stretched group with their principals, with the
# provider holding the residency rules the module computed. The last runs
# replace it with an active-passive ledger between ap-south (its primary)
# and eu-west, fail it over while ap-south is lost (the link into ap-south is
# pending) and bring ap-south back (the link starts). terraform test destroys
# it all at the end (copies made by the prefixed links stay).

# Plan runs use a provider without residency rules; once plan_estate has run,
# the default provider gets the rules that the module computed, as a root
# module would pass them.
provider "geokafka" {
  alias = "plain"

  clusters = {
    eu-west  = { bootstrap_servers = ["127.0.0.1:29092"], connect_url = "http://127.0.0.1:8083" }
    ap-south = { bootstrap_servers = ["127.0.0.1:23092"], connect_url = "http://127.0.0.1:8083" }
    stretch  = { bootstrap_servers = ["127.0.0.1:25091", "127.0.0.1:25092", "127.0.0.1:25093", "127.0.0.1:25094"] }
  }
}

provider "geokafka" {
  clusters = {
    eu-west  = { bootstrap_servers = ["127.0.0.1:29092"], connect_url = "http://127.0.0.1:8083" }
    ap-south = { bootstrap_servers = ["127.0.0.1:23092"], connect_url = "http://127.0.0.1:8083" }
    stretch  = { bootstrap_servers = ["127.0.0.1:25091", "127.0.0.1:25092", "127.0.0.1:25093", "127.0.0.1:25094"] }
  }

  residency = run.plan_estate.residency_rules
}

# The same lab with ap-south lost: offline, at addresses where nothing
# listens (its Kafka Connect too), so a provider that dialed it would fail.
provider "geokafka" {
  alias = "ap_south_lost"

  clusters = {
    eu-west  = { bootstrap_servers = ["127.0.0.1:29092"], connect_url = "http://127.0.0.1:8083" }
    ap-south = { bootstrap_servers = ["127.0.0.1:1"], connect_url = "http://127.0.0.1:1", offline = true }
    stretch  = { bootstrap_servers = ["127.0.0.1:25091", "127.0.0.1:25092", "127.0.0.1:25093", "127.0.0.1:25094"] }
  }

  residency = run.plan_estate.residency_rules
}

variables {
  regions = {
    eu-west  = { cluster = "eu-west", jurisdiction = "eu", racks = ["eu-west-1a"] }
    ap-south = { cluster = "ap-south", jurisdiction = "in", racks = ["ap-south-1a"] }
    us       = { jurisdiction = "us", racks = ["us-east-1a", "us-east-1b"] }
  }
  stretch_cluster = "stretch"

  topic_groups = {
    mtest-estate-profiles = {
      topology  = "local"
      regions   = ["eu-west"]
      residency = ["eu"]
      topics = {
        "mtest-estate.eu.profiles" = { partitions = 1, replication_factor = 1, config = { "cleanup.policy" = "compact" } }
      }
    }
    mtest-estate-orders = {
      topology = "active-active"
      regions  = ["eu-west", "ap-south"]
      topics = {
        "mtest-estate.orders" = { partitions = 2, replication_factor = 1, config = { "retention.ms" = "3600000" } }
      }
    }
    mtest-estate-customers = {
      topology = "geo-partitioned"
      regions  = ["us", "eu-west", "ap-south"]
      topics = {
        "mtest-estate.customers" = {
          partitions         = 1
          replication_factor = 1
          overrides          = { us = { partitions = 2, replication_factor = 2 } }
        }
      }
    }
    mtest-estate-payments = {
      topology = "stretched"
      regions  = ["us", "eu-west"]
      topics = {
        "mtest-estate.payments" = { partitions = 2, replication_factor = 1, config = { "min.insync.replicas" = "1" } }
      }
    }
  }

  principals = {
    "User:mtest-estate-orders-svc" = {
      produces        = ["mtest-estate-orders"]
      consumes        = ["mtest-estate-orders", "mtest-estate-profiles"]
      consumer_groups = ["mtest-estate-orders-svc"]
    }
    "User:mtest-estate-profiles-svc" = {
      produces = ["mtest-estate-profiles"]
      regions  = ["eu-west"]
    }
  }

  link_settings = { config = { "refresh.topics.interval.seconds" = "60" } }
  force_destroy = true

  # In a plan whose links are not applied yet, the check's result is known
  # only after apply, which terraform test counts as a failure: the plan runs
  # leave it off, apply_a_small_estate turns it on.
  health_check = { enabled = false }
}

run "plan_estate" {
  command = plan

  providers = {
    geokafka = geokafka.plain
  }

  assert {
    condition = jsonencode(output.residency_rules) == jsonencode([{
      topics           = "^(?:(?:eu-west)\\.)*(?:mtest-estate\\.eu\\.profiles)$"
      allowed_clusters = ["eu-west"]
    }])
    error_message = "want one rule keeping the profiles (and their copies) on eu-west: ${jsonencode(output.residency_rules)}"
  }

  assert {
    condition     = jsonencode(keys(output.links)) == jsonencode(["ap-south|eu-west", "eu-west|ap-south"])
    error_message = "the active-active group needs a link each way between eu-west and ap-south: ${jsonencode(keys(output.links))}"
  }

  assert {
    condition = jsonencode(output.links["eu-west|ap-south"]) == jsonencode({
      source          = "eu-west"
      target          = "ap-south"
      naming          = "prefixed"
      topic_groups    = ["mtest-estate-orders"]
      topics          = ["mtest-estate\\.orders"]
      topics_exclude  = []
      consumer_groups = ["mtest-estate-orders-svc"]
    })
    error_message = "the eu-west -> ap-south link must copy exactly the order topic and translate the orders service's group: ${jsonencode(output.links["eu-west|ap-south"])}"
  }

  assert {
    condition     = jsonencode(output.subscriptions["mtest-estate-orders"]["ap-south"]) == jsonencode(["mtest-estate.orders", "eu-west.mtest-estate.orders"])
    error_message = "ap-south reads its own orders, then eu-west's copies: ${jsonencode(output.subscriptions["mtest-estate-orders"])}"
  }

  assert {
    condition     = geokafka_topic.stretched["mtest-estate.payments"].replication_factor == 2 && jsonencode(geokafka_topic.stretched["mtest-estate.payments"].replica_placement) == jsonencode([{ count = 1, racks = ["us-east-1a", "us-east-1b"] }, { count = 1, racks = ["eu-west-1a"] }])
    error_message = "the stretched topic needs one replica in us (leaders, the first region) and one in eu-west"
  }

  assert {
    condition     = geokafka_geo_partitioned_topic.this["mtest-estate.customers"].regions["us"].partitions == 2 && geokafka_geo_partitioned_topic.this["mtest-estate.customers"].regions["us"].replication_factor == 2 && geokafka_geo_partitioned_topic.this["mtest-estate.customers"].regions["ap-south"].racks == tolist(["ap-south-1a"])
    error_message = "the geo-partitioned topic must have the us override and each region's racks"
  }

  assert {
    # orders-svc: WRITE and DESCRIBE on orders in both regions; READ on orders
    # and READ and DESCRIBE on the other region's copy, READ on its group, in
    # both; READ and DESCRIBE on the profiles in eu-west. profiles-svc: WRITE
    # and DESCRIBE on the profiles in eu-west.
    condition     = length(geokafka_acl.this) == 2 * 6 + 2 + 2
    error_message = "want 16 bindings, got ${length(geokafka_acl.this)}: ${jsonencode(keys(geokafka_acl.this))}"
  }

  assert {
    condition = alltrue([for k in [
      "eu-west|User:mtest-estate-orders-svc|WRITE|TOPIC|mtest-estate.orders",
      "ap-south|User:mtest-estate-orders-svc|READ|TOPIC|eu-west.mtest-estate.orders",
      "ap-south|User:mtest-estate-orders-svc|READ|GROUP|mtest-estate-orders-svc",
      "eu-west|User:mtest-estate-orders-svc|READ|TOPIC|mtest-estate.eu.profiles",
      "eu-west|User:mtest-estate-profiles-svc|WRITE|TOPIC|mtest-estate.eu.profiles",
    ] : contains(keys(geokafka_acl.this), k)])
    error_message = "bindings are missing: ${jsonencode(keys(geokafka_acl.this))}"
  }

  assert {
    condition     = !anytrue([for k in keys(geokafka_acl.this) : startswith(k, "ap-south|User:mtest-estate-profiles-svc|")])
    error_message = "the profiles service runs in eu-west only"
  }

  # The Prometheus rules: four alerts per link, on the JMX exporter's names.
  assert {
    condition     = yamldecode(output.prometheus_rules).groups[0].name == "geokafka-replication" && length(yamldecode(output.prometheus_rules).groups[0].rules) == 8
    error_message = "want one rule group with four alerts for each of the two links: ${output.prometheus_rules}"
  }

  assert {
    condition = jsonencode([for r in yamldecode(output.prometheus_rules).groups[0].rules : r.alert if r.labels.link == "eu-west|ap-south"]) == jsonencode([
      "GeokafkaReplicationLatencyHigh", "GeokafkaReplicationLagHigh", "GeokafkaCheckpointLatencyHigh", "GeokafkaReplicationLinkDown",
    ])
    error_message = "the eu-west -> ap-south link needs latency, lag, checkpoint and down alerts"
  }

  assert {
    condition = jsonencode(one([
      for r in yamldecode(output.prometheus_rules).groups[0].rules : r if r.alert == "GeokafkaReplicationLatencyHigh" && r.labels.link == "eu-west|ap-south"
      ])) == jsonencode({
      alert  = "GeokafkaReplicationLatencyHigh"
      expr   = "max by (target, topic) (kafka_connect_mirror_MirrorSourceConnector_replication_latency_ms_max{target=\"ap-south\", topic=~`eu-west\\.(?:mtest-estate\\.orders)`}) > 30000"
      "for"  = "5m"
      labels = { severity = "warning", link = "eu-west|ap-south", source_cluster = "eu-west", target_cluster = "ap-south" }
      annotations = {
        summary     = "Replication eu-west -> ap-south is slow"
        description = "Records of {{ $labels.topic }} take up to {{ $value }} ms to reach ap-south from eu-west (limit 30000 ms)."
      }
    })
    error_message = "the latency alert of eu-west -> ap-south is wrong: ${output.prometheus_rules}"
  }

  assert {
    condition = one([
      for r in yamldecode(output.prometheus_rules).groups[0].rules : r.expr if r.alert == "GeokafkaCheckpointLatencyHigh" && r.labels.link == "ap-south|eu-west"
    ]) == "max by (source, target, group) (kafka_connect_mirror_MirrorCheckpointConnector_checkpoint_latency_ms_max{source=\"ap-south\", target=\"eu-west\"}) > 120000"
    error_message = "the checkpoint alert of ap-south -> eu-west is wrong: ${output.prometheus_rules}"
  }
}

run "prometheus_settings_reach_the_rules" {
  command = plan

  providers = {
    geokafka = geokafka.plain
  }

  variables {
    prometheus = {
      group_name             = "mtest-estate"
      lowercase_metric_names = true
      labels                 = { team = "platform" }
      record_age             = { threshold_ms = 5000, for_duration = "2m" }
      link_down              = { enabled = false }
    }
  }

  assert {
    condition     = yamldecode(output.prometheus_rules).groups[0].name == "mtest-estate" && length(yamldecode(output.prometheus_rules).groups[0].rules) == 6
    error_message = "want the group name and three alerts per link without link_down: ${output.prometheus_rules}"
  }

  assert {
    condition = jsonencode(one([
      for r in yamldecode(output.prometheus_rules).groups[0].rules : r if r.alert == "GeokafkaReplicationLagHigh" && r.labels.link == "ap-south|eu-west"
      ])) == jsonencode({
      alert  = "GeokafkaReplicationLagHigh"
      expr   = "max by (target, topic) (kafka_connect_mirror_mirrorsourceconnector_record_age_ms_max{target=\"eu-west\", topic=~`ap-south\\.(?:mtest-estate\\.orders)`}) > 5000"
      "for"  = "2m"
      labels = { team = "platform", link = "ap-south|eu-west", source_cluster = "ap-south", target_cluster = "eu-west" }
      annotations = {
        summary     = "Replication ap-south -> eu-west is behind"
        description = "Records of {{ $labels.topic }} are up to {{ $value }} ms old when they are copied to eu-west (limit 5000 ms): the link is falling behind ap-south."
      }
    })
    error_message = "the lag alert must follow the settings: ${output.prometheus_rules}"
  }
}

run "rejects_a_topology_with_an_unknown_region" {
  command = plan

  providers = {
    geokafka = geokafka.plain
  }

  variables {
    topic_groups = {
      mtest-estate-orders = {
        topology = "active-active"
        regions  = ["eu-west", "eu-central"]
        topics   = { "mtest-estate.orders" = { partitions = 1, replication_factor = 1 } }
      }
    }
    principals = {}
  }

  expect_failures = [output.topic_groups]
}

run "rejects_identity_and_prefixed_links_on_one_pair" {
  command = plan

  providers = {
    geokafka = geokafka.plain
  }

  variables {
    topic_groups = {
      mtest-estate-ledger = {
        topology = "active-passive"
        regions  = ["eu-west", "ap-south"]
        topics   = { "mtest-estate.ledger" = { partitions = 1, replication_factor = 1 } }
      }
      mtest-estate-orders = {
        topology = "active-active"
        regions  = ["eu-west", "ap-south"]
        topics   = { "mtest-estate.orders" = { partitions = 1, replication_factor = 1 } }
      }
    }
    principals = {}
  }

  expect_failures = [output.links]
}

run "rejects_data_outside_its_jurisdiction" {
  command = plan

  providers = {
    geokafka = geokafka.plain
  }

  variables {
    topic_groups = {
      mtest-estate-profiles = {
        topology  = "active-active"
        regions   = ["eu-west", "ap-south"]
        residency = ["eu"]
        topics    = { "mtest-estate.eu.profiles" = { partitions = 1, replication_factor = 1 } }
      }
    }
    principals = {}
  }

  expect_failures = [output.residency_rules]
}

run "merges_groups_that_need_the_same_pair" {
  command = plan

  providers = {
    geokafka = geokafka.plain
  }

  # Orders go both ways; clicks of eu-west (a topic and every topic matching
  # a pattern) are aggregated into ap-south: eu-west -> ap-south is one link
  # with the union of their topics.
  variables {
    topic_groups = {
      mtest-estate-profiles = {
        topology  = "local"
        regions   = ["eu-west"]
        residency = ["eu"]
        topics    = { "mtest-estate.eu.profiles" = { partitions = 1, replication_factor = 1 } }
      }
      mtest-estate-orders = {
        topology = "active-active"
        regions  = ["eu-west", "ap-south"]
        topics   = { "mtest-estate.orders" = { partitions = 1, replication_factor = 1 } }
      }
      mtest-estate-clicks = {
        topology = "aggregate"
        regions  = ["eu-west"]
        hub      = "ap-south"
        patterns = ["mtest-estate\\.clicks\\..+"]
        topics   = { "mtest-estate.clicks" = { partitions = 1, replication_factor = 1 } }
      }
    }
    principals = {
      "User:mtest-estate-analytics" = { consumes = ["mtest-estate-clicks"], consumer_groups = ["mtest-estate-analytics"] }
    }
  }

  assert {
    condition     = jsonencode(keys(output.links)) == jsonencode(["ap-south|eu-west", "eu-west|ap-south"]) && length(geokafka_replication_link.this) == 2
    error_message = "two groups on eu-west -> ap-south must make one link: ${jsonencode(keys(output.links))}"
  }

  assert {
    condition     = geokafka_replication_link.this["eu-west|ap-south"].topics == tolist(["mtest-estate\\.clicks", "mtest-estate\\.clicks\\..+", "mtest-estate\\.orders"])
    error_message = "the merged link must select the union of both groups' topics: ${jsonencode(geokafka_replication_link.this["eu-west|ap-south"].topics)}"
  }

  assert {
    condition     = jsonencode(output.links["eu-west|ap-south"].topic_groups) == jsonencode(["mtest-estate-clicks", "mtest-estate-orders"]) && jsonencode(output.links["ap-south|eu-west"].topic_groups) == jsonencode(["mtest-estate-orders"])
    error_message = "the links must name the groups they carry: ${jsonencode(output.links)}"
  }

  assert {
    # A link that selects by pattern excludes the copies of the hub's topics
    # and the estate topics that residency keeps on eu-west.
    condition     = geokafka_replication_link.this["eu-west|ap-south"].topics_exclude == tolist(["ap-south\\..*", "mtest-estate\\.eu\\.profiles"]) && length(output.links["ap-south|eu-west"].topics_exclude) == 0
    error_message = "exclusions are wrong: ${jsonencode(output.links)}"
  }

  assert {
    condition     = geokafka_replication_link.this["eu-west|ap-south"].groups == tolist(["mtest-estate-analytics"]) && length(output.links["ap-south|eu-west"].consumer_groups) == 0
    error_message = "a link translates the groups of the consumers of what it carries (all groups when there are none)"
  }

  assert {
    condition     = jsonencode(output.subscriptions["mtest-estate-clicks"]["ap-south"]) == jsonencode(["eu-west.mtest-estate.clicks"]) && contains(keys(geokafka_acl.this), "ap-south|User:mtest-estate-analytics|READ|TOPIC|eu-west.mtest-estate.clicks")
    error_message = "consumers of an aggregate group read the copies on the hub"
  }
}

run "an_offline_secondary_changes_nothing" {
  command = plan

  providers = {
    geokafka = geokafka.plain
  }

  # ap-south is the ledger's secondary: the link into it and the bindings
  # stay as they are while it is down.
  variables {
    health_check = { enabled = true }

    regions = {
      eu-west  = { cluster = "eu-west", jurisdiction = "eu" }
      ap-south = { cluster = "ap-south", jurisdiction = "in", offline = true }
    }
    stretch_cluster = null
    topic_groups = {
      mtest-estate-ledger = {
        topology = "active-passive"
        regions  = ["eu-west", "ap-south"]
        topics   = { "mtest-estate.ledger" = { partitions = 1, replication_factor = 1 } }
      }
    }
    principals = {
      "User:mtest-estate-ledger-svc" = { produces = ["mtest-estate-ledger"] }
    }
  }

  assert {
    condition     = geokafka_replication_link.this["identity:ap-south|eu-west"].source == "eu-west" && geokafka_replication_link.this["identity:ap-south|eu-west"].target == "ap-south"
    error_message = "the link into the lost secondary stays: ${jsonencode(output.links)}"
  }

  assert {
    condition     = alltrue([for k in keys(geokafka_acl.this) : startswith(k, "eu-west|")]) && length(geokafka_acl.this) == 2
    error_message = "the producer writes on the active region only: ${jsonencode(keys(geokafka_acl.this))}"
  }

  assert {
    condition     = length(output.health_checked_links) == 0 && jsonencode(yamldecode(output.prometheus_rules)) == jsonencode({ groups = [] })
    error_message = "the provider reads nothing on an offline cluster, so its links are neither checked nor alerted on"
  }
}

run "apply_a_small_estate" {
  variables {
    health_check = { enabled = true }
  }

  assert {
    condition     = alltrue([for l in geokafka_replication_link.this : l.state == "running" && l.naming == "prefixed" && length(l.connector_names) == 3])
    error_message = "both links must run: ${jsonencode({ for k, l in geokafka_replication_link.this : k => l.status })}"
  }

  assert {
    condition     = jsonencode(output.link_ids) == jsonencode({ "ap-south|eu-west" = "ap-south|eu-west", "eu-west|ap-south" = "eu-west|ap-south" })
    error_message = "link ids are <source>|<target>: ${jsonencode(output.link_ids)}"
  }

  assert {
    # The provider got the module's rules: the link out of eu-west holds the
    # profiles back, whatever its topics say.
    condition     = contains(geokafka_replication_link.this["eu-west|ap-south"].residency_excludes, "^(?:(?:eu-west)\\.)*(?:mtest-estate\\.eu\\.profiles)$") && length(geokafka_replication_link.this["ap-south|eu-west"].residency_excludes) == 0
    error_message = "the residency rule must reach the link into ap-south only: ${jsonencode({ for k, l in geokafka_replication_link.this : k => l.residency_excludes })}"
  }

  assert {
    condition = jsonencode(sort(keys(output.topic_ids))) == jsonencode(sort([
      "eu-west/mtest-estate.eu.profiles", "eu-west/mtest-estate.orders", "ap-south/mtest-estate.orders",
      "stretch/mtest-estate.customers", "stretch/mtest-estate.payments",
    ])) && alltrue([for id in values(output.topic_ids) : length(id) > 0])
    error_message = "every topic must exist where its group puts it: ${jsonencode(output.topic_ids)}"
  }

  assert {
    # Regions in name order: ap-south 0, eu-west 1, us 2-3.
    condition     = jsonencode(output.geo_partitions["mtest-estate.customers"]) == jsonencode({ "ap-south" = [0], "eu-west" = [1], "us" = [2, 3] })
    error_message = "customers must have one partition in ap-south and eu-west and two in us: ${jsonencode(output.geo_partitions)}"
  }

  assert {
    condition     = length(output.acl_ids) == 16 && output.acl_ids["ap-south|User:mtest-estate-orders-svc|READ|TOPIC|eu-west.mtest-estate.orders"] == "ap-south|User:mtest-estate-orders-svc|*|READ|ALLOW|TOPIC|eu-west.mtest-estate.orders|LITERAL"
    error_message = "the bindings must exist: ${jsonencode(output.acl_ids)}"
  }

  assert {
    # The check ran on both links during this apply (a failed check fails the
    # run in terraform test).
    condition     = jsonencode(output.health_checked_links) == jsonencode(["ap-south|eu-west", "eu-west|ap-south"])
    error_message = "both links must be checked: ${jsonencode(output.health_checked_links)}"
  }
}

run "health_check_passes_on_a_running_link" {
  command = plan

  module {
    source = "./modules/link-health"
  }

  variables {
    source_cluster = "eu-west"
    target_cluster = "ap-south"
  }
}

run "health_check_warns_on_a_missing_link" {
  command = plan

  module {
    source = "./modules/link-health"
  }

  # Nothing copies from the stretch cluster to eu-west.
  variables {
    source_cluster = "stretch"
    target_cluster = "eu-west"
  }

  expect_failures = [check.replication_link]
}

run "health_check_warns_on_lag_above_the_limit" {
  command = plan

  module {
    source = "./modules/link-health"
  }

  # A limit below any lag, even 0.
  variables {
    source_cluster = "ap-south"
    target_cluster = "eu-west"
    max_lag        = -1
  }

  expect_failures = [check.replication_link]
}

run "health_check_warns_on_a_recovery_point_above_the_budget" {
  command = plan

  module {
    source = "./modules/link-health"
  }

  # A budget below any age, even 0 s; the record count alone would pass.
  variables {
    source_cluster  = "ap-south"
    target_cluster  = "eu-west"
    max_lag_seconds = -1
  }

  expect_failures = [check.replication_link]
}

# The ledger, an active-passive group whose primary is ap-south. Its
# identity link and the prefixed links of the small estate between the same
# clusters share connector names, so the ledger comes as a local group first
# (the prefixed links go, see the README), then becomes active-passive.
run "ledger_starts_local" {
  variables {
    regions = {
      eu-west  = { cluster = "eu-west", jurisdiction = "eu" }
      ap-south = { cluster = "ap-south", jurisdiction = "in" }
    }
    stretch_cluster = null
    topic_groups = {
      mtest-estate-ledger = {
        topology = "local"
        regions  = ["ap-south", "eu-west"]
        topics   = { "mtest-estate.ledger" = { partitions = 2, replication_factor = 1 } }
      }
    }
    principals = {
      "User:mtest-estate-ledger-svc" = { produces = ["mtest-estate-ledger"] }
    }
  }

  assert {
    condition     = length(geokafka_replication_link.this) == 0 && jsonencode(sort(keys(output.topic_ids))) == jsonencode(["ap-south/mtest-estate.ledger", "eu-west/mtest-estate.ledger"])
    error_message = "a local group has no link and its topics in both regions: ${jsonencode(output.topic_ids)}"
  }
}

run "ledger_runs_on_its_primary" {
  variables {
    regions = {
      eu-west  = { cluster = "eu-west", jurisdiction = "eu" }
      ap-south = { cluster = "ap-south", jurisdiction = "in" }
    }
    stretch_cluster = null
    topic_groups = {
      mtest-estate-ledger = {
        topology = "active-passive"
        regions  = ["ap-south", "eu-west"]
        topics   = { "mtest-estate.ledger" = { partitions = 2, replication_factor = 1 } }
      }
    }
    principals = {
      "User:mtest-estate-ledger-svc" = { produces = ["mtest-estate-ledger"] }
    }
  }

  assert {
    condition     = geokafka_replication_link.this["identity:ap-south|eu-west"].id == "ap-south|eu-west" && geokafka_replication_link.this["identity:ap-south|eu-west"].state == "running"
    error_message = "the identity link must copy from the primary, ap-south, to eu-west: ${jsonencode(geokafka_replication_link.this["identity:ap-south|eu-west"].status)}"
  }

  assert {
    condition     = length(output.link_resume_from["identity:ap-south|eu-west"]) == 0
    error_message = "a link created with its target online has no resume_from: ${jsonencode(output.link_resume_from)}"
  }

  assert {
    condition     = output.topic_ids == run.ledger_starts_local.topic_ids
    error_message = "becoming active-passive must not re-create the topics"
  }

  assert {
    condition     = length(geokafka_acl.this) == 2 && alltrue([for k in keys(geokafka_acl.this) : startswith(k, "ap-south|")])
    error_message = "the producer writes on ap-south only: ${jsonencode(keys(geokafka_acl.this))}"
  }
}

# ap-south is lost and the ledger fails over to eu-west. The link is
# replaced: the one out of ap-south goes (on eu-west's Kafka Connect), the
# one into ap-south is pending, with eu-west's end offsets; the producer
# keeps its bindings on ap-south. Nothing dials ap-south.
run "fails_over_away_from_an_offline_primary" {
  providers = {
    geokafka = geokafka.ap_south_lost
  }

  variables {
    health_check = { enabled = true }

    regions = {
      eu-west  = { cluster = "eu-west", jurisdiction = "eu" }
      ap-south = { cluster = "ap-south", jurisdiction = "in", offline = true }
    }
    stretch_cluster = null
    topic_groups = {
      mtest-estate-ledger = {
        topology = "active-passive"
        regions  = ["ap-south", "eu-west"]
        active   = "eu-west"
        topics   = { "mtest-estate.ledger" = { partitions = 2, replication_factor = 1 } }
      }
    }
    principals = {
      "User:mtest-estate-ledger-svc" = { produces = ["mtest-estate-ledger"] }
    }
  }

  assert {
    condition     = jsonencode(keys(output.links)) == jsonencode(["identity:ap-south|eu-west"]) && output.links["identity:ap-south|eu-west"].source == "eu-west" && output.links["identity:ap-south|eu-west"].naming == "identity"
    error_message = "the identity link copies from the active region, eu-west: ${jsonencode(output.links)}"
  }

  assert {
    condition     = output.link_ids["identity:ap-south|eu-west"] == "eu-west|ap-south" && geokafka_replication_link.this["identity:ap-south|eu-west"].target == "ap-south"
    error_message = "the link into the lost primary must exist: ${jsonencode(output.link_ids)}"
  }

  assert {
    condition     = length(geokafka_replication_link.this["identity:ap-south|eu-west"].status) == 1 && alltrue([for s in values(geokafka_replication_link.this["identity:ap-south|eu-west"].status) : startswith(s, "PENDING")])
    error_message = "nothing may run into the lost primary, the link is pending: ${jsonencode(geokafka_replication_link.this["identity:ap-south|eu-west"].status)}"
  }

  assert {
    condition     = jsonencode(sort(keys(output.link_resume_from["identity:ap-south|eu-west"]))) == jsonencode(["mtest-estate.ledger/0", "mtest-estate.ledger/1"]) && alltrue([for o in values(output.link_resume_from["identity:ap-south|eu-west"]) : o >= 0])
    error_message = "the pending link must hold eu-west's end offset of each of the 2 partitions: ${jsonencode(output.link_resume_from)}"
  }

  assert {
    condition     = output.topic_ids == run.ledger_runs_on_its_primary.topic_ids
    error_message = "a fail-over must not re-create any topic: ${jsonencode(output.topic_ids)}"
  }

  assert {
    condition     = jsonencode(sort(keys(geokafka_acl.this))) == jsonencode(sort(flatten([for c in ["eu-west", "ap-south"] : [for op in ["WRITE", "DESCRIBE"] : "${c}|User:mtest-estate-ledger-svc|${op}|TOPIC|mtest-estate.ledger"]])))
    error_message = "the producer writes on eu-west and keeps its bindings on the lost primary: ${jsonencode(keys(geokafka_acl.this))}"
  }

  assert {
    condition     = [for k in keys(geokafka_acl.this) : output.acl_ids[k] if startswith(k, "ap-south|")] == [for k in keys(run.ledger_runs_on_its_primary.acl_ids) : run.ledger_runs_on_its_primary.acl_ids[k]]
    error_message = "the bindings on the lost primary must stay as they were"
  }

  assert {
    condition     = length(output.health_checked_links) == 0 && jsonencode(yamldecode(output.prometheus_rules)) == jsonencode({ groups = [] })
    error_message = "a link into an offline region is neither checked nor alerted on: ${jsonencode(output.health_checked_links)}"
  }
}

# ap-south is back: the refresh finds the pending link missing, and the
# apply starts it at resume_from; the producer's bindings on ap-south go.
run "the_lost_primary_comes_back" {
  variables {
    health_check = { enabled = true }

    regions = {
      eu-west  = { cluster = "eu-west", jurisdiction = "eu" }
      ap-south = { cluster = "ap-south", jurisdiction = "in" }
    }
    stretch_cluster = null
    topic_groups = {
      mtest-estate-ledger = {
        topology = "active-passive"
        regions  = ["ap-south", "eu-west"]
        active   = "eu-west"
        topics   = { "mtest-estate.ledger" = { partitions = 2, replication_factor = 1 } }
      }
    }
    principals = {
      "User:mtest-estate-ledger-svc" = { produces = ["mtest-estate-ledger"] }
    }
  }

  assert {
    condition     = geokafka_replication_link.this["identity:ap-south|eu-west"].id == "eu-west|ap-south" && geokafka_replication_link.this["identity:ap-south|eu-west"].state == "running" && length(geokafka_replication_link.this["identity:ap-south|eu-west"].status) == length(geokafka_replication_link.this["identity:ap-south|eu-west"].connector_names) && alltrue([for s in values(geokafka_replication_link.this["identity:ap-south|eu-west"].status) : startswith(s, "RUNNING")])
    error_message = "the pending link must run once ap-south is back: ${jsonencode(geokafka_replication_link.this["identity:ap-south|eu-west"].status)}"
  }

  assert {
    condition     = output.link_resume_from == run.fails_over_away_from_an_offline_primary.link_resume_from
    error_message = "resume_from stays as a record of where the link started: ${jsonencode(output.link_resume_from)}"
  }

  assert {
    condition     = output.topic_ids == run.ledger_runs_on_its_primary.topic_ids
    error_message = "coming back must not re-create any topic: ${jsonencode(output.topic_ids)}"
  }

  assert {
    condition     = length(geokafka_acl.this) == 2 && alltrue([for k in keys(geokafka_acl.this) : startswith(k, "eu-west|")])
    error_message = "the producer's bindings on ap-south must be gone: ${jsonencode(keys(geokafka_acl.this))}"
  }

  assert {
    # The check ran on the link during this apply.
    condition     = jsonencode(output.health_checked_links) == jsonencode(["identity:ap-south|eu-west"]) && length(yamldecode(output.prometheus_rules).groups[0].rules) == 4
    error_message = "the link is checked and alerted on again: ${jsonencode(output.health_checked_links)}"
  }
}
