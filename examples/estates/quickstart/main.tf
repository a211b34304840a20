# The quickstart estate: the same three topics in each regional cluster, and
# one topic on the stretch cluster, whose brokers sit in several regions.

locals {
  # Region label of each cluster, reported by the geokafka_cluster data source.
  regions = {
    "us-east"  = "us-east-1"
    "eu-west"  = "eu-west-1"
    "ap-south" = "ap-south-1"
    "stretch"  = "multi-region"
  }

  regional_clusters = toset(["us-east", "eu-west", "ap-south"])

  # Topics created in every regional cluster. Config values are written as
  # the brokers report them, so that a refresh shows no difference.
  regional_topics = {
    orders = {
      partitions = 6
      config = {
        "cleanup.policy" = "delete"
        "retention.ms"   = "604800000" # 7 days
      }
    }
    payments = {
      partitions = 3
      config = {
        "cleanup.policy"    = "delete"
        "retention.ms"      = "2592000000" # 30 days
        "max.message.bytes" = "262144"
        # Two acknowledgements once there are three replicas; one in the lab.
        "min.insync.replicas" = tostring(max(1, var.regional_replication_factor - 1))
      }
    }
    inventory = {
      partitions = 3
      config = {
        "cleanup.policy"            = "compact"
        "min.cleanable.dirty.ratio" = "0.2"
        "segment.ms"                = "3600000" # 1 hour
      }
    }
  }

  # One instance per (cluster, topic), keyed like the topic ids:
  # "us-east/orders", "eu-west/orders", ...
  regional = {
    for pair in setproduct(local.regional_clusters, keys(local.regional_topics)) :
    "${pair[0]}/${pair[1]}" => { cluster = pair[0], topic = pair[1] }
  }
}

provider "geokafka" {
  clusters = {
    for key, servers in var.bootstrap_servers : key => {
      bootstrap_servers = servers
      region            = local.regions[key]
    }
  }
}

resource "geokafka_topic" "regional" {
  for_each = local.regional

  cluster            = each.value.cluster
  name               = each.value.topic
  partitions         = local.regional_topics[each.value.topic].partitions
  replication_factor = var.regional_replication_factor
  config             = local.regional_topics[each.value.topic].config
}

# Customer profiles, shared by every region: three replicas on a cluster with
# a rack per zone, and a write is acknowledged once two of them have it.
resource "geokafka_topic" "customers" {
  cluster            = "stretch"
  name               = "customers"
  partitions         = 6
  replication_factor = 3

  config = {
    "cleanup.policy"      = "compact"
    "min.insync.replicas" = "2"
  }
}

# What the clusters report. The listings wait for the topics above and only
# show the topics this estate manages, so that other topics on the same
# clusters do not change the outputs from one run to the next.
data "geokafka_cluster" "all" {
  for_each = var.bootstrap_servers

  cluster = each.key
}

data "geokafka_topics" "managed" {
  for_each = var.bootstrap_servers

  cluster    = each.key
  name_regex = each.key == "stretch" ? "^customers$" : "^(${join("|", keys(local.regional_topics))})$"

  depends_on = [geokafka_topic.regional, geokafka_topic.customers]
}

data "geokafka_topic" "customers" {
  cluster = geokafka_topic.customers.cluster
  name    = geokafka_topic.customers.name
}
