# Problems found at plan, from the variables only. Each one is a sentence
# that says what is wrong and how to fix it; any of them fails the plan (see
# the preconditions in outputs.tf) and the module then declares nothing.

locals {
  # The groups against the regions and stretch_cluster.
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

  # Regions, topics and copies made by links outside a residency.
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

  # Links (links.tf) that cannot exist together.
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

  # Principals that name unknown groups or regions.
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
}
