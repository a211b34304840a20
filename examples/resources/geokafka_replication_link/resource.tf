# Two alternative set-ups for the same clusters: use one or the other. A pair
# of clusters has at most one link in each direction (the connector names are
# derived from the pair), and an identity link refuses its reverse link.

# Disaster recovery: the topics of us-east are copied to eu-west under the
# same names, with the committed offsets of their consumer groups, so clients
# fail over by switching their bootstrap servers. The connectors run on the
# Kafka Connect cluster of eu-west (its connect_url).
resource "geokafka_replication_link" "dr" {
  source = "us-east"
  target = "eu-west"

  # Regular expressions matched against whole topic names: "orders" is that
  # topic only. Topics created later that match are picked up within a minute.
  topics         = ["orders", "payments\\..+"]
  topics_exclude = ["payments\\.scratch\\..+"]

  # orders on us-east is orders on eu-west. A link eu-west -> us-east is
  # refused while this one exists: records would be copied back and forth.
  naming = "identity"

  # Translated offsets of these groups are written on eu-west, so consumers
  # resume close to where they stopped instead of re-reading everything.
  sync_group_offsets = true
  groups             = ["billing", "shipping-.+"]

  tasks_max = 4

  timeouts = {
    create = "10m"
  }
}

# Active-active: every region copies its own topics to the two others, under
# prefixed names (orders of us-east is us-east.orders on eu-west and on
# ap-south), so links in both directions never loop.
locals {
  regions = ["us-east", "eu-west", "ap-south"]

  # Every ordered pair of two different regions: six links.
  region_pairs = {
    for pair in setproduct(local.regions, local.regions) :
    "${pair[0]}-to-${pair[1]}" => { source = pair[0], target = pair[1] }
    if pair[0] != pair[1]
  }
}

resource "geokafka_replication_link" "mesh" {
  for_each = local.region_pairs

  source = each.value.source
  target = each.value.target
  naming = "prefixed" # the default

  # Only topics produced in the source region: the copies it holds (such as
  # eu-west.orders on us-east) do not match these patterns, so every region
  # receives each topic once, straight from the region that produces it.
  topics = ["orders", "inventory\\..+"]

  # With the provider's residency rule for "^eu\\.", links into us-east and
  # ap-south also exclude every topic whose name starts with "eu.".

  replication_factor = 3

  # Any other MirrorMaker property; keys the link sets itself are refused.
  config = {
    "refresh.topics.interval.seconds" = "60"
  }
}
