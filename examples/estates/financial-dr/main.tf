# A financial disaster-recovery estate:
#
# * trades and positions on a pair of clusters, us-east (active) and eu-west
#   (passive), copied under the same names with the consumer groups' offsets,
#   producers allowed on the active cluster only (modules/active-passive);
# * settlements on the stretch cluster, one replica in each region and
#   min.insync.replicas = 2, so an acknowledged settlement is in two regions
#   and writes go on when any one region is lost.
#
# Every name starts with "fdr." so that the estate shares clusters with others.

locals {
  # Region label of each cluster, reported by the geokafka_cluster data source.
  regions = {
    "us-east"  = "us-east-1"
    "eu-west"  = "eu-west-1"
    "ap-south" = "ap-south-1"
    "stretch"  = "multi-region"
  }

  regional_clusters = ["us-east", "eu-west", "ap-south"]

  # The racks (zones) of each region on the stretch cluster.
  stretch_racks = {
    us = ["us-east-1a", "us-east-1b"]
    eu = ["eu-west-1a"]
    ap = ["ap-south-1a"]
  }
}

provider "geokafka" {
  clusters = {
    for key, servers in var.bootstrap_servers : key => merge(
      {
        bootstrap_servers = servers
        region            = local.regions[key]
      },
      contains(local.regional_clusters, key) ? { connect_url = var.connect_url } : {},
      contains(keys(var.connect_bootstrap_servers), key) ? { connect_bootstrap_servers = var.connect_bootstrap_servers[key] } : {},
      { offline = contains(var.offline_clusters, key) },
    )
  }
}

# Trades and positions: on both clusters, copied from the active one to the
# passive one. Changing `active` to "secondary" fails over.
module "trading_dr" {
  source = "../../../modules/active-passive"

  clusters         = { primary = "us-east", secondary = "eu-west" }
  active           = var.active
  offline_clusters = var.offline_clusters
  start_from       = var.start_from
  catch_up         = var.catch_up

  topics = {
    "fdr.trades" = {
      partitions         = 6
      replication_factor = var.regional_replication_factor
      config = {
        "cleanup.policy"      = "delete"
        "retention.ms"        = "2592000000" # 30 days
        "min.insync.replicas" = tostring(max(1, var.regional_replication_factor - 1))
      }
    }
    "fdr.positions" = {
      partitions         = 3
      replication_factor = var.regional_replication_factor
      config = {
        "cleanup.policy"      = "compact"
        "min.insync.replicas" = tostring(max(1, var.regional_replication_factor - 1))
      }
    }
  }

  producers       = ["User:fdr-trading-engine"]
  consumers       = ["User:fdr-risk-engine", "User:fdr-reporting"]
  consumer_groups = ["fdr.risk-engine", "fdr.reporting"]

  force_destroy = var.force_destroy

  # Find new consumer groups within 10 s and translate their offsets every
  # 5 s: after a fail-over, consumers re-read at most a few seconds of records.
  link_config = {
    "refresh.topics.interval.seconds"     = "60"
    "refresh.groups.interval.seconds"     = "10"
    "emit.checkpoints.interval.seconds"   = "5"
    "sync.group.offsets.interval.seconds" = "5"
  }
}

# Settlements, stretched over the three regions: one replica per region, the
# preferred leaders in us-east. With acks=all and min.insync.replicas = 2,
# every acknowledged write is in at least two regions, and writes continue
# when any one region is lost.
resource "geokafka_topic" "settlements" {
  cluster            = "stretch"
  name               = "fdr.settlements"
  partitions         = 6
  replication_factor = 3

  replica_placement = [
    { racks = local.stretch_racks.us, count = 1 },
    { racks = local.stretch_racks.eu, count = 1 },
    { racks = local.stretch_racks.ap, count = 1 },
  ]

  config = {
    "cleanup.policy"      = "delete"
    "retention.ms"        = "7776000000" # 90 days
    "min.insync.replicas" = "2"
  }
}

# What the stretch cluster reports, for the outputs.
data "geokafka_cluster" "stretch" {
  cluster = "stretch"
}

data "geokafka_topic" "settlements" {
  cluster = geokafka_topic.settlements.cluster
  name    = geokafka_topic.settlements.name
}
