# The whole estate from one description: regions, topic groups with their
# topology, residency and principals. This file holds the regions, the
# groups and their topics: the regional-topic module on the regional
# clusters, geokafka_topic and geokafka_geo_partitioned_topic on the
# multi-region cluster. The rest is split by concern: problems.tf,
# residency.tf, links.tf, access.tf and alerts.tf.

locals {
  regional_topologies   = ["local", "active-passive", "active-active", "aggregate"]
  replicated_topologies = ["active-passive", "active-active", "aggregate"]
  stretch_topologies    = ["geo-partitioned", "stretched"]

  region_names  = sort(keys(var.regions))
  cluster_of    = { for r, v in var.regions : r => v.cluster if v.cluster != null }
  clusters      = sort(values(local.cluster_of))
  offline       = sort([for r, v in var.regions : v.cluster if v.cluster != null && v.offline])
  jurisdictions = sort(distinct([for v in values(var.regions) : v.jurisdiction]))

  # Every group, with what the rest of the module asks about it. Lookups never
  # fail on bad input: problems.tf reports it instead.
  groups = {
    for g, grp in var.topic_groups : g => {
      topology   = grp.topology
      regions    = grp.regions
      hub        = grp.hub
      residency  = grp.residency
      patterns   = grp.patterns
      topics     = grp.topics
      names      = sort(keys(grp.topics))
      regional   = contains(local.regional_topologies, grp.topology)
      stretch    = contains(local.stretch_topologies, grp.topology)
      replicated = contains(local.replicated_topologies, grp.topology)
      referenced = distinct(concat(grp.regions, grp.hub == null ? [] : [grp.hub]))
      active     = grp.topology == "active-passive" ? try(coalesce(grp.active, grp.regions[0]), "") : ""
      passive    = grp.topology == "active-passive" ? try(one([for r in grp.regions : r if r != coalesce(grp.active, grp.regions[0])]), "") : ""
      # Active-passive: is the primary (the first region) offline? Then the
      # group follows the active-passive module's offline rule: its producers
      # keep their bindings there until it is back.
      offline_primary = grp.topology == "active-passive" && try(var.regions[grp.regions[0]].offline && var.regions[grp.regions[0]].cluster != null, false)
    }
  }

  # Every topic the estate creates, and where: { group, cluster, topic }.
  placements = concat(
    flatten([
      for g, grp in local.groups : [
        for pair in setproduct(grp.regions, grp.names) : { group = g, cluster = local.cluster_of[pair[0]], topic = pair[1] }
        if contains(keys(local.cluster_of), pair[0])
      ] if grp.regional
    ]),
    flatten([
      for g, grp in local.groups : [for t in grp.names : { group = g, cluster = var.stretch_cluster, topic = t }]
      if grp.stretch && var.stretch_cluster != null
    ]),
  )

  # What is declared: nothing at all while a problem stands.

  regional_topics = merge([
    for g, grp in local.groups : {
      for t, spec in grp.topics : t => {
        clusters           = [for r in grp.regions : local.cluster_of[r]]
        partitions         = spec.partitions
        replication_factor = spec.replication_factor
        config             = spec.config
        overrides          = { for r, o in spec.overrides : local.cluster_of[r] => o }
      }
    } if local.ok && grp.regional
  ]...)

  stretched_topics = merge([
    for g, grp in local.groups : {
      for t, spec in grp.topics : t => {
        partitions = spec.partitions
        config     = spec.config
        # The first region holds the preferred leaders.
        replica_placement = [
          for r in grp.regions : { racks = var.regions[r].racks, count = try(coalesce(spec.overrides[r].replication_factor, spec.replication_factor), spec.replication_factor) }
        ]
      }
    } if local.ok && grp.topology == "stretched"
  ]...)

  geo_partitioned_topics = merge([
    for g, grp in local.groups : {
      for t, spec in grp.topics : t => {
        config = spec.config
        regions = {
          for r in grp.regions : r => {
            racks              = var.regions[r].racks
            partitions         = try(coalesce(spec.overrides[r].partitions, spec.partitions), spec.partitions)
            replication_factor = try(coalesce(spec.overrides[r].replication_factor, spec.replication_factor), spec.replication_factor)
          }
        }
      }
    } if local.ok && grp.topology == "geo-partitioned"
  ]...)
}

# Topics on the regional clusters: one regional-topic per topic, keyed by the
# topic's name, so that moving a topic to another group of regional topology
# over the same regions changes nothing.
module "regional_topic" {
  source   = "../regional-topic"
  for_each = local.regional_topics

  name               = each.key
  clusters           = each.value.clusters
  partitions         = each.value.partitions
  replication_factor = each.value.replication_factor
  config             = each.value.config
  overrides          = each.value.overrides
  force_destroy      = var.force_destroy
}

# Stretched topics: one topic on the multi-region cluster, with replicas in
# every region of the group and leaders in the first.
resource "geokafka_topic" "stretched" {
  for_each = local.stretched_topics

  cluster            = var.stretch_cluster
  name               = each.key
  partitions         = each.value.partitions
  replication_factor = sum([for p in each.value.replica_placement : p.count])
  config             = each.value.config
  replica_placement  = each.value.replica_placement
  force_destroy      = var.force_destroy
}

# Geo-partitioned topics: every partition belongs to one region of the group.
resource "geokafka_geo_partitioned_topic" "this" {
  for_each = local.geo_partitioned_topics

  cluster       = var.stretch_cluster
  name          = each.key
  regions       = each.value.regions
  config        = each.value.config
  force_destroy = var.force_destroy
}
