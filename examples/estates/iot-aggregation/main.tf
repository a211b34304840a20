# An IoT aggregation estate: the edge regions eu-west and ap-south each
# collect device telemetry in iot.telemetry.* topics, and one link per spoke
# copies them into the hub, us-east, with the spoke's name as a prefix
# (iot.telemetry.readings of eu-west is eu-west.iot.telemetry.readings on
# us-east), where analytics read every region side by side.
#
# Every name starts with "iot." so that the estate shares clusters with others.

locals {
  # Region label of each cluster, reported by the geokafka_cluster data source.
  regions = {
    "us-east"  = "us-east-1"
    "eu-west"  = "eu-west-1"
    "ap-south" = "ap-south-1"
  }

  hub    = "us-east"
  spokes = ["eu-west", "ap-south"]
}

provider "geokafka" {
  clusters = {
    for key, servers in var.bootstrap_servers : key => {
      bootstrap_servers = servers
      region            = local.regions[key]
      # The links into the hub run on its Connect; the spokes get the same
      # URL so that links into them can be added later.
      connect_url = var.connect_url
    }
  }
}

# Device readings, written at the edge: the same topic in every spoke.
module "readings" {
  source = "../../../modules/regional-topic"

  name               = "iot.telemetry.readings"
  clusters           = local.spokes
  partitions         = 6
  replication_factor = var.regional_replication_factor
  config = {
    "cleanup.policy"   = "delete"
    "retention.ms"     = "86400000" # 1 day at the edge; the hub keeps the history
    "compression.type" = "zstd"
  }

  # More devices in ap-south.
  overrides = {
    ap-south = { partitions = 12 }
  }

  force_destroy = var.force_destroy
}

# Every iot.telemetry.* topic of every spoke, now and later, copied into the
# hub; debug streams stay at the edge.
module "telemetry" {
  source = "../../../modules/hub-and-spoke"

  hub     = local.hub
  spokes  = local.spokes
  topics  = ["iot\\.telemetry\\..+"]
  exclude = ["iot\\.telemetry\\.debug\\..+"]

  # Topics created on a spoke later are picked up within a minute.
  link_config = {
    "refresh.topics.interval.seconds" = "60"
  }

  # The links start once the topics exist, and stop before they go.
  depends_on = [module.readings]
}
