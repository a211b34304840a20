# A global commerce estate over three regions and a stretch cluster:
#
# * order topics written in every region and copied to the two others
#   (active-active, prefixed names: gc.orders of us-east is us-east.gc.orders
#   in eu-west and ap-south);
# * payments and inventory kept regional: the same topic in every region,
#   never copied;
# * customer records on the stretch cluster, every partition in one region
#   (geo-partitioned);
# * European customer profiles pinned to eu-west by a residency rule;
# * the order service's access, the same in every region.
#
# Every name starts with "gc." so that the estate shares clusters with others.

locals {
  # Region label of each cluster, reported by the geokafka_cluster data source.
  regions = {
    "us-east"  = "us-east-1"
    "eu-west"  = "eu-west-1"
    "ap-south" = "ap-south-1"
    "stretch"  = "multi-region"
  }

  regional_clusters = ["us-east", "eu-west", "ap-south"]

  # The order topic family: written in every region, read everywhere.
  # Config values are written as the brokers report them, so that a refresh
  # shows no difference.
  order_topics = {
    "gc.orders" = {
      partitions         = 6
      replication_factor = var.regional_replication_factor
      config = {
        "cleanup.policy" = "delete"
        "retention.ms"   = "604800000" # 7 days
      }
    }
    "gc.orders.status" = {
      partitions         = 6
      replication_factor = var.regional_replication_factor
      config = {
        "cleanup.policy" = "delete"
        "retention.ms"   = "259200000" # 3 days
      }
    }
  }
}

provider "geokafka" {
  clusters = {
    for key, servers in var.bootstrap_servers : key => merge(
      {
        bootstrap_servers = servers
        region            = local.regions[key]
      },
      # Links copy into the regional clusters only: they need a Connect URL.
      contains(local.regional_clusters, key) ? { connect_url = var.connect_url } : {},
    )
  }

  # European customer profiles may live on eu-west only: creating a matching
  # topic anywhere else fails at plan, and no link copies matching topics out
  # of eu-west (the pattern is added to the exclusions of the links into
  # us-east and ap-south).
  residency = [{ topics = "^gc\\.eu\\.", allowed_clusters = ["eu-west"] }]
}

# Order events, active-active: six links, one per ordered pair of regions.
module "orders" {
  source = "../../../modules/active-active"

  regions       = local.regional_clusters
  topics        = local.order_topics
  force_destroy = var.force_destroy

  # New topics and groups are picked up every minute.
  link_config = {
    "refresh.topics.interval.seconds" = "60"
  }
}

# Payments and inventory stay in the region where they are written.
module "payments" {
  source = "../../../modules/regional-topic"

  name               = "gc.payments"
  clusters           = local.regional_clusters
  partitions         = 3
  replication_factor = var.regional_replication_factor
  config = {
    "cleanup.policy"      = "delete"
    "retention.ms"        = "2592000000" # 30 days
    "min.insync.replicas" = tostring(max(1, var.regional_replication_factor - 1))
  }

  # Longer retention where the auditors ask for it.
  overrides = {
    eu-west = { config = { "retention.ms" = "7776000000" } } # 90 days
  }
}

module "inventory" {
  source = "../../../modules/regional-topic"

  name               = "gc.inventory"
  clusters           = local.regional_clusters
  partitions         = 3
  replication_factor = var.regional_replication_factor
  config = {
    "cleanup.policy"            = "compact"
    "min.cleanable.dirty.ratio" = "0.2"
  }
}

# Customers on the stretch cluster: every partition belongs to one region and
# all its replicas sit on that region's racks, so a customer's records never
# leave the region the producer sends them to (partitions_by_region).
resource "geokafka_geo_partitioned_topic" "customers" {
  cluster = "stretch"
  name    = "gc.customers"

  regions = {
    us = { racks = ["us-east-1a", "us-east-1b"], partitions = 4, replication_factor = 2 }
    eu = { racks = ["eu-west-1a"], partitions = 2, replication_factor = 1 }
    ap = { racks = ["ap-south-1a"], partitions = 2, replication_factor = 1 }
  }

  config = {
    "cleanup.policy" = "compact"
  }
}

# European customer profiles: on eu-west only (the residency rule above).
resource "geokafka_topic" "eu_customer_profiles" {
  cluster            = "eu-west"
  name               = "gc.eu.customer-profiles"
  partitions         = 3
  replication_factor = var.regional_replication_factor

  config = {
    "cleanup.policy" = "compact"
  }
}

# The order service writes orders and their status in every region, and reads
# payments, inventory and the copies of the orders of the other regions
# (us-east.gc.orders... on eu-west), committing offsets with its group. One
# module instance per region, so that each region binds exactly the copies it
# holds.
module "order_service_access" {
  source   = "../../../modules/principal-access"
  for_each = toset(local.regional_clusters)

  clusters       = [each.key]
  principal      = "User:order-service"
  produce_topics = keys(local.order_topics)
  consume_topics = concat(
    ["gc.payments", "gc.inventory"],
    [for t in module.orders.subscriptions[each.key] : t if !contains(keys(local.order_topics), t)],
  )
  consume_groups = ["gc.order-service"]
}

# What the clusters report, for the outputs.
data "geokafka_cluster" "stretch" {
  cluster = "stretch"
}

data "geokafka_topic" "customers" {
  cluster = geokafka_geo_partitioned_topic.customers.cluster
  name    = geokafka_geo_partitioned_topic.customers.name
}
