# Residency: the rules of the groups with `residency`, after those of the
# root module, as the residency_rules output gives them to the provider.
# What breaks them is reported in problems.tf.

locals {
  # A group with `residency` may only live on the clusters of regions of
  # those jurisdictions (and on the multi-region cluster, when the group
  # lives there on the racks of such regions). Its rule covers the topics and
  # their prefixed copies between allowed clusters (eu-west.orders), so that
  # no link copies them anywhere else.
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
}
