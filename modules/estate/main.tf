# The whole estate from one description: regions, topic groups with their
# topology, residency and principals. Topics come from the regional-topic
# module (regional clusters) or from geokafka_topic and
# geokafka_geo_partitioned_topic (the multi-region cluster); the replication
# links of every group are merged per directed pair of clusters; ACLs,
# residency rules, the health check and the Prometheus rules follow.

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
  # fail on bad input: the problems below report it instead.
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

  # ---------------------------------------------------------------------------
  # Problems found at plan, from the variables only. Each one is a sentence
  # that says what is wrong and how to fix it; any of them fails the plan (see
  # the preconditions in outputs.tf) and the module then declares nothing.

  structure_problems = concat(
    [
      for g, grp in local.groups : format(
        "Topic group %q names %s, which is not a region of regions (%s): add the region or fix the name.",
        g, join(", ", [for r in grp.referenced : r if !contains(local.region_names, r)]), join(", ", local.region_names),
      ) if anytrue([for r in grp.referenced : !contains(local.region_names, r)])
    ],
    [
      for g, grp in local.groups : format(
        "Topic group %q is %s, which needs a regional cluster in each of its regions, but %s has none: set the region's cluster, or make the group geo-partitioned or stretched.",
        g, grp.topology, join(", ", [for r in grp.referenced : r if contains(local.region_names, r) && !contains(keys(local.cluster_of), r)]),
      ) if grp.regional && anytrue([for r in grp.referenced : contains(local.region_names, r) && !contains(keys(local.cluster_of), r)])
    ],
    [
      for g, grp in local.groups : format("Topic group %q is %s, which lives on the multi-region cluster: set stretch_cluster.", g, grp.topology)
      if grp.stretch && var.stretch_cluster == null
    ],
    [
      for g, grp in local.groups : format(
        "Topic group %q is %s, which places replicas on the racks of its regions, but %s has no racks: set the region's racks (broker.rack values on stretch_cluster).",
        g, grp.topology, join(", ", [for r in grp.regions : r if length(try(var.regions[r].racks, ["?"])) == 0]),
      ) if grp.stretch && anytrue([for r in grp.regions : length(try(var.regions[r].racks, ["?"])) == 0])
    ],
    [
      for g, grp in local.groups : format(
        "Topic group %q has residency %s, which is not the jurisdiction of any region (%s): spell it as the regions do.",
        g, join(", ", setsubtract(grp.residency, local.jurisdictions)), join(", ", local.jurisdictions),
      ) if length(setsubtract(grp.residency, local.jurisdictions)) > 0
    ],
    [
      for g, grp in local.groups : format(
        "Topic group %q has topics named like copies made by a link (%s): MirrorMaker would take them for copies from that cluster and never replicate them there. Rename them.",
        g, join(", ", [for t in grp.names : t if anytrue([for c in local.clusters : startswith(t, "${c}.")])]),
      ) if grp.replicated && anytrue([for t in grp.names : anytrue([for c in local.clusters : startswith(t, "${c}.")])])
    ],
    [
      for r, c in local.cluster_of : format("stretch_cluster (%s) is also the regional cluster of region %q: a region's own cluster and the multi-region cluster must differ.", c, r)
      if c == var.stretch_cluster
    ],
  )

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

  # Residency: a group with `residency` may only live on the clusters of
  # regions of those jurisdictions (and on the multi-region cluster, when the
  # group lives there on the racks of such regions). Its rule covers the
  # topics and their prefixed copies between allowed clusters
  # (eu-west.orders), so that no link copies them anywhere else.
  group_rules = {
    for g, grp in local.groups : g => {
      allowed_clusters = sort(distinct(concat(
        [for r, v in var.regions : v.cluster if v.cluster != null && contains(grp.residency, v.jurisdiction)],
        grp.stretch && var.stretch_cluster != null ? [var.stretch_cluster] : [],
      )))
      prefixes = sort([for r, v in var.regions : replace(v.cluster, ".", "\\.") if v.cluster != null && contains(grp.residency, v.jurisdiction)])
      names    = [for t in grp.names : replace(t, ".", "\\.")]
    } if length(grp.residency) > 0 && length(grp.names) > 0
  }

  computed_rules = [
    for g, r in local.group_rules : {
      group = g
      topics = (length(r.prefixes) > 0
        ? format("^(?:(?:%s)\\.)*(?:%s)$", join("|", r.prefixes), join("|", r.names))
        : format("^(?:%s)$", join("|", r.names))
      )
      allowed_clusters = r.allowed_clusters
    }
  ]

  # The rules of the root module first, then the groups' ones: what the
  # residency_rules output gives the provider.
  residency_rules = concat(
    [for r in var.residency_rules : { topics = r.topics, allowed_clusters = r.allowed_clusters }],
    [for r in local.computed_rules : { topics = r.topics, allowed_clusters = r.allowed_clusters }],
  )
  checked_rules = concat(
    [for r in var.residency_rules : { group = "", topics = r.topics, allowed_clusters = r.allowed_clusters }],
    local.computed_rules,
  )

  residency_problems = concat(
    [
      for g, grp in local.groups : format(
        "Topic group %q may only live in %s (residency), but its region(s) %s are not: remove them from the group or change its residency.",
        g, join(", ", grp.residency),
        join(", ", [for r in grp.referenced : format("%s (%s)", r, var.regions[r].jurisdiction) if contains(local.region_names, r) && !contains(grp.residency, try(var.regions[r].jurisdiction, ""))]),
      ) if length(grp.residency) > 0 && anytrue([for r in grp.referenced : contains(local.region_names, r) && !contains(grp.residency, try(var.regions[r].jurisdiction, ""))])
    ],
    flatten([
      for p in local.placements : [
        for r in local.checked_rules : format(
          "Topic %q of group %q would be on cluster %q, but %s allows it only on %s.",
          p.topic, p.group, p.cluster, r.group == "" ? format("the residency rule %q", r.topics) : format("the residency of group %q", r.group), join(", ", r.allowed_clusters),
        ) if r.group != p.group && can(regex(r.topics, p.topic)) && !contains(r.allowed_clusters, p.cluster)
      ]
    ]),
    length(local.structure_problems) > 0 ? [] : flatten([
      for q in local.link_requests : [
        for t in q.names : [
          for r in local.checked_rules : format(
            "Topic %q of group %q would be copied from %s to %s, but %s allows it only on %s.",
            t, q.group, q.source, q.target, r.group == "" ? format("the residency rule %q", r.topics) : format("the residency of group %q", r.group), join(", ", r.allowed_clusters),
          ) if r.group != q.group && can(regex(r.topics, t)) && !contains(r.allowed_clusters, q.target)
        ]
      ]
    ]),
  )

  # ---------------------------------------------------------------------------
  # Replication links. Every group asks for the links its topology needs; the
  # provider allows one link per directed pair of clusters, so the requests
  # for the same pair are merged into one link that selects the union of
  # their topics. Patterns are escaped names, matched against whole names.

  link_requests = concat(
    [
      for g, grp in local.groups : {
        group    = g
        source   = lookup(local.cluster_of, grp.active, "")
        target   = lookup(local.cluster_of, grp.passive, "")
        naming   = "identity"
        names    = grp.names
        patterns = []
      } if grp.topology == "active-passive"
    ],
    flatten([
      for g, grp in local.groups : [
        for pair in setproduct(grp.regions, grp.regions) : {
          group    = g
          source   = lookup(local.cluster_of, pair[0], "")
          target   = lookup(local.cluster_of, pair[1], "")
          naming   = "prefixed"
          names    = grp.names
          patterns = []
        } if pair[0] != pair[1]
      ] if grp.topology == "active-active"
    ]),
    flatten([
      for g, grp in local.groups : [
        for s in grp.regions : {
          group    = g
          source   = lookup(local.cluster_of, s, "")
          target   = lookup(local.cluster_of, coalesce(grp.hub, "-"), "")
          naming   = "prefixed"
          names    = grp.names
          patterns = grp.patterns
        }
      ] if grp.topology == "aggregate"
    ]),
  )

  requests_by_pair = { for q in local.link_requests : "${q.source}|${q.target}" => q... }

  link_problems = length(local.structure_problems) > 0 ? [] : concat(
    [
      for k, qs in local.requests_by_pair : format(
        "Topic groups %s all need the link %s -> %s, with different namings: a pair of clusters has at most one link per direction, with one naming (identity or prefixed). Put these topics in groups of one topology, or use other regions.",
        join(", ", distinct([for q in qs : "${q.group} (${q.naming})"])), qs[0].source, qs[0].target,
      ) if length(distinct([for q in qs : q.naming])) > 1
    ],
    [
      for k, qs in local.requests_by_pair : format(
        "The identity link %s -> %s (%s) cannot run with the link %s -> %s (%s): with identity names MirrorMaker cannot tell copies from originals, so records would go back and forth. Make the active-passive groups of these two regions active on the same side, or use other regions.",
        qs[0].source, qs[0].target, join(", ", distinct([for q in qs : q.group])),
        qs[0].target, qs[0].source, join(", ", distinct([for q in local.reverse_requests[k] : q.group])),
        ) if contains([for q in qs : q.naming], "identity") && length(local.reverse_requests[k]) > 0 && (
        !contains([for q in local.reverse_requests[k] : q.naming], "identity") || sort([k, "${qs[0].target}|${qs[0].source}"])[0] == k
      )
    ],
  )

  # The requests for the reverse direction of each pair (HCL evaluates both
  # sides of && and ||, so lookups must not fail).
  reverse_requests = {
    for k, qs in local.requests_by_pair : k => lookup(local.requests_by_pair, "${qs[0].target}|${qs[0].source}", [])
  }

  # Consumer groups whose offsets a link translates: those of the principals
  # that consume a topic group the link carries. None: every group.
  consumer_groups_of = {
    for g in keys(local.groups) : g => flatten([for p in values(var.principals) : p.consumer_groups if contains(p.consumes, g)])
  }

  # Identity links are keyed by their unordered pair ("identity:a|b"): a
  # fail-over changes source and target, so Terraform replaces the link,
  # destroying the old direction before creating the new one. Prefixed links
  # are keyed "<source>|<target>", their id.
  merged_links_grouped = {
    for k, qs in local.requests_by_pair :
    (qs[0].naming == "identity" ? "identity:${join("|", sort([qs[0].source, qs[0].target]))}" : k) => {
      source       = qs[0].source
      target       = qs[0].target
      naming       = qs[0].naming
      topic_groups = sort(distinct([for q in qs : q.group]))
      topics       = sort(distinct(flatten([for q in qs : concat([for t in q.names : replace(t, ".", "\\.")], q.patterns)])))
      has_patterns = length(flatten([for q in qs : q.patterns])) > 0
      consumer_groups = sort(distinct([
        for cg in flatten([for q in qs : local.consumer_groups_of[q.group]]) : replace(cg, "/([.+*?()|\\[\\]{}^$\\\\])/", "\\$1")
      ]))
    }...
  }

  merged_links = {
    for k, ls in local.merged_links_grouped : k => merge(ls[0], {
      # Links that select by pattern exclude what they must never copy: the
      # copies of the target's own topics, and every estate topic of the
      # source that a residency rule keeps off the target. Links that select
      # exact names never pick anything else.
      topics_exclude = ls[0].has_patterns ? distinct(concat(
        ["${replace(ls[0].target, ".", "\\.")}\\..*"],
        [
          for p in local.placements : replace(p.topic, ".", "\\.")
          if p.cluster == ls[0].source && anytrue([for r in local.checked_rules : can(regex(r.topics, p.topic)) && !contains(r.allowed_clusters, ls[0].target)])
        ],
      )) : []
    })
  }

  # ---------------------------------------------------------------------------
  # Principals.

  principal_problems = concat(
    [
      for p, spec in var.principals : format(
        "Principal %q produces or consumes %s, which is not a topic group (%s).",
        p, join(", ", [for g in distinct(concat(spec.produces, spec.consumes)) : g if !contains(keys(local.groups), g)]), join(", ", sort(keys(local.groups))),
      ) if anytrue([for g in concat(spec.produces, spec.consumes) : !contains(keys(local.groups), g)])
    ],
    [
      for p, spec in var.principals : format(
        "Principal %q runs in %s, which is not a region of regions (%s).",
        p, join(", ", [for r in spec.regions : r if !contains(local.region_names, r)]), join(", ", local.region_names),
      ) if spec.regions != null && anytrue([for r in coalesce(spec.regions, []) : !contains(local.region_names, r)])
    ],
  )

  problems = concat(local.structure_problems, local.residency_problems, local.link_problems, local.principal_problems)
  ok       = length(local.problems) == 0

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

  # ---------------------------------------------------------------------------
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

  links = { for k, l in local.merged_links : k => l if local.ok }

  # The links that touch no offline region. The provider reads nothing on an
  # offline cluster, so the others get neither the health check nor alerting
  # rules until it is back.
  watched_links = {
    for k, l in local.links : k => l
    if !contains(local.offline, l.source) && !contains(local.offline, l.target)
  }
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

# Every link is declared, also while a cluster of its is offline: the
# provider keeps such a link unchanged, and one created into an offline
# cluster (the identity link into the lost primary of an active-passive group
# that failed over away from it) is pending: the apply records where the
# source's topics end (resume_from) and runs nothing on Kafka Connect; once
# the target is back, the next apply starts it there.
resource "geokafka_replication_link" "this" {
  for_each = local.links

  source = each.value.source
  target = each.value.target
  naming = each.value.naming

  topics         = each.value.topics
  topics_exclude = length(each.value.topics_exclude) > 0 ? each.value.topics_exclude : null
  groups         = length(each.value.consumer_groups) > 0 ? each.value.consumer_groups : null

  sync_group_offsets = var.link_settings.sync_group_offsets
  start_from         = var.link_settings.start_from
  replication_factor = var.link_settings.replication_factor
  config             = var.link_settings.config

  # Links start once the topics exist, and stop before they are destroyed.
  depends_on = [module.regional_topic]
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

# A check per link (a check block cannot repeat itself, and the data source
# nested in it cannot have for_each): warns at plan and apply when a link is
# not running or is behind. It waits for the apply when a link has changes.
module "link_health" {
  source = "./modules/link-health"
  # Not on a link of an offline cluster: the provider reads nothing there.
  for_each = var.health_check.enabled ? local.watched_links : {}

  source_cluster = each.value.source
  target_cluster = each.value.target
  max_lag        = var.health_check.max_lag

  depends_on = [geokafka_replication_link.this]
}

# ---------------------------------------------------------------------------
# Prometheus alerting rules for the links, on MirrorMaker's metrics as the
# Prometheus JMX exporter names them by default (no rules): the MBean
# kafka.connect.mirror:type=MirrorSourceConnector,target=<alias>,topic=<topic>,partition=<n>
# becomes kafka_connect_mirror_MirrorSourceConnector_<attribute> with the
# labels target, topic and partition (and source, on Kafka versions that tag
# it). The topic label is the remote topic, so a link's series are those of
# its target with its remote topic names. Links that touch an offline region
# get no rules until it is back: their alerts would only say that it is lost.
locals {
  metric_suffixes = {
    replication_latency = "MirrorSourceConnector_replication_latency_ms_max"
    record_age          = "MirrorSourceConnector_record_age_ms_max"
    byte_rate           = "MirrorSourceConnector_byte_rate"
    checkpoint_latency  = "MirrorCheckpointConnector_checkpoint_latency_ms_max"
  }
  metrics = {
    for k, s in local.metric_suffixes : k => "${var.prometheus.metric_prefix}${var.prometheus.lowercase_metric_names ? lower(s) : s}"
  }

  # Remote names of what each link copies, as one regular expression (RE2,
  # fully anchored, like the link's own patterns), written between backticks
  # in PromQL so that nothing needs escaping.
  remote_topic_regex = {
    for k, l in local.watched_links : k => join("|", l.naming == "identity" ? l.topics : [for p in l.topics : "${replace(l.source, ".", "\\.")}\\.(?:${p})"])
  }

  # Labels of every alert of a link.
  alert_labels = {
    for k, l in local.watched_links : k => merge(var.prometheus.labels, {
      link = "${l.source}|${l.target}", source_cluster = l.source, target_cluster = l.target
    })
  }

  alert_rules = flatten([
    for k, l in local.watched_links : concat(
      [
        {
          alert  = "GeokafkaReplicationLatencyHigh"
          expr   = "max by (target, topic) (${local.metrics.replication_latency}{target=\"${l.target}\", topic=~`${local.remote_topic_regex[k]}`}) > ${var.prometheus.replication_latency.threshold_ms}"
          "for"  = var.prometheus.replication_latency.for_duration
          labels = local.alert_labels[k]
          annotations = {
            summary     = "Replication ${l.source} -> ${l.target} is slow"
            description = "Records of {{ $labels.topic }} take up to {{ $value }} ms to reach ${l.target} from ${l.source} (limit ${var.prometheus.replication_latency.threshold_ms} ms)."
          }
        },
        {
          alert  = "GeokafkaReplicationLagHigh"
          expr   = "max by (target, topic) (${local.metrics.record_age}{target=\"${l.target}\", topic=~`${local.remote_topic_regex[k]}`}) > ${var.prometheus.record_age.threshold_ms}"
          "for"  = var.prometheus.record_age.for_duration
          labels = local.alert_labels[k]
          annotations = {
            summary     = "Replication ${l.source} -> ${l.target} is behind"
            description = "Records of {{ $labels.topic }} are up to {{ $value }} ms old when they are copied to ${l.target} (limit ${var.prometheus.record_age.threshold_ms} ms): the link is falling behind ${l.source}."
          }
        },
        {
          alert  = "GeokafkaCheckpointLatencyHigh"
          expr   = "max by (source, target, group) (${local.metrics.checkpoint_latency}{source=\"${l.source}\", target=\"${l.target}\"}) > ${var.prometheus.checkpoint_latency.threshold_ms}"
          "for"  = var.prometheus.checkpoint_latency.for_duration
          labels = local.alert_labels[k]
          annotations = {
            summary     = "Offset translation ${l.source} -> ${l.target} is late"
            description = "Translated offsets of consumer group {{ $labels.group }} reach ${l.target} up to {{ $value }} ms late (limit ${var.prometheus.checkpoint_latency.threshold_ms} ms): consumers that fail over would re-read more."
          }
        },
      ],
      var.prometheus.link_down.enabled ? [
        {
          alert  = "GeokafkaReplicationLinkDown"
          expr   = "absent(${local.metrics.byte_rate}{target=\"${l.target}\", topic=~`${local.remote_topic_regex[k]}`})"
          "for"  = var.prometheus.link_down.for_duration
          labels = local.alert_labels[k]
          annotations = {
            summary     = "Replication ${l.source} -> ${l.target} reports nothing"
            description = "No task of the source connector of the link ${l.source} -> ${l.target} exports metrics for the topics it copies: the link is not running, or Prometheus does not scrape its Kafka Connect workers."
          }
        },
      ] : [],
    )
  ])

  prometheus_rules = yamlencode({
    groups = length(local.alert_rules) == 0 ? [] : [{ name = var.prometheus.group_name, rules = local.alert_rules }]
  })
}
