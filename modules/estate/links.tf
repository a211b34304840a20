# Replication links. Every group asks for the links its topology needs; the
# provider allows one link per directed pair of clusters, so the requests
# for the same pair are merged into one link that selects the union of
# their topics. Patterns are escaped names, matched against whole names.

locals {
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

  # What is declared: nothing at all while a problem stands.
  links = { for k, l in local.merged_links : k => l if local.ok }
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
