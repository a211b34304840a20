# Access of the principals: what a consumer of each group subscribes to in
# each region, and the ACL bindings (one geokafka_acl each) that let the
# principals produce and consume their topic groups.

locals {
  # Where the producers of each group write and the consumers read, as
  # places { cluster, regions, topics }. A place on the multi-region cluster
  # belongs to all the group's regions.
  produce_places = merge(
    {
      for g, grp in local.groups : g => [for r in grp.regions : { cluster = local.cluster_of[r], regions = [r] }]
      if local.ok && contains(["local", "active-active", "aggregate"], grp.topology)
    },
    {
      # Active-passive: the active cluster, and the group's lost primary,
      # where the bindings stay as they are until it is back.
      for g, grp in local.groups : g => [
        for r in grp.regions : { cluster = local.cluster_of[r], regions = [r] }
        if r == grp.active || (grp.offline_primary && r == grp.regions[0])
      ] if local.ok && grp.topology == "active-passive"
    },
    {
      for g, grp in local.groups : g => [{ cluster = var.stretch_cluster, regions = grp.regions }]
      if local.ok && grp.stretch
    },
  )

  consume_places = merge(
    {
      for g, grp in local.groups : g => [for r in grp.regions : { cluster = local.cluster_of[r], regions = [r], topics = local.subscriptions[g][r] }]
      if local.ok && contains(["local", "active-passive", "active-active"], grp.topology)
    },
    {
      # Aggregate: the copies of every spoke's topics, on the hub.
      for g, grp in local.groups : g => [{ cluster = local.cluster_of[grp.hub], regions = [grp.hub], topics = local.subscriptions[g][grp.hub] }]
      if local.ok && grp.topology == "aggregate"
    },
    {
      for g, grp in local.groups : g => [{ cluster = var.stretch_cluster, regions = grp.regions, topics = grp.names }]
      if local.ok && grp.stretch
    },
  )

  # What a consumer of each group subscribes to in each region: the local
  # topics, then (active-active) the copies from the other regions in the
  # order of the group's regions; on an aggregate group's hub, the copies of
  # every spoke. Geo-partitioned and stretched topics are the same topics in
  # every region.
  subscriptions = merge(
    {
      for g, grp in local.groups : g => {
        for r in grp.regions : r => concat(grp.names, flatten([
          for s in grp.regions : [for t in grp.names : provider::geokafka::remote_topic_name(local.cluster_of[s], t)] if s != r
        ]))
      } if local.ok && grp.topology == "active-active"
    },
    {
      for g, grp in local.groups : g => merge(
        { for r in grp.regions : r => grp.names },
        { (grp.hub) = flatten([for s in grp.regions : [for t in grp.names : provider::geokafka::remote_topic_name(local.cluster_of[s], t)]]) },
      ) if local.ok && grp.topology == "aggregate"
    },
    {
      for g, grp in local.groups : g => { for r in grp.regions : r => grp.names }
      if local.ok && !contains(["active-active", "aggregate"], grp.topology)
    },
  )

  in_scope = {
    for p, spec in var.principals : p => spec.regions == null ? local.region_names : spec.regions
  }

  acl_grants = concat(
    flatten([
      for p, spec in var.principals : [
        for g in distinct(spec.produces) : [
          for place in local.produce_places[g] : [
            for t in local.groups[g].names : [
              for op in ["WRITE", "DESCRIBE"] : { cluster = place.cluster, principal = p, operation = op, resource_type = "TOPIC", name = t }
            ]
          ] if length(setintersection(place.regions, local.in_scope[p])) > 0
        ]
      ] if local.ok
    ]),
    flatten([
      for p, spec in var.principals : [
        for g in distinct(spec.consumes) : [
          for place in local.consume_places[g] : concat(
            flatten([for t in place.topics : [
              for op in ["READ", "DESCRIBE"] : { cluster = place.cluster, principal = p, operation = op, resource_type = "TOPIC", name = t }
            ]]),
            [for cg in distinct(spec.consumer_groups) : { cluster = place.cluster, principal = p, operation = "READ", resource_type = "GROUP", name = cg }],
          ) if length(setintersection(place.regions, local.in_scope[p])) > 0
        ]
      ] if local.ok
    ]),
  )

  # One binding per key "<cluster>|<principal>|<operation>|<type>|<name>": a
  # principal that produces and consumes a topic has one DESCRIBE binding, and
  # an active-passive fail-over moves only the WRITE bindings it must.
  acls = {
    for k, gs in { for a in local.acl_grants : "${a.cluster}|${a.principal}|${a.operation}|${a.resource_type}|${a.name}" => a... } : k => gs[0]
  }
}

resource "geokafka_acl" "this" {
  for_each = local.acls

  cluster       = each.value.cluster
  principal     = each.value.principal
  operation     = each.value.operation
  permission    = "ALLOW"
  resource_type = each.value.resource_type
  resource_name = each.value.name
}
