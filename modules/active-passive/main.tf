locals {
  cluster_keys = [var.clusters.primary, var.clusters.secondary]

  # The roles follow var.active. Resources are keyed by cluster key, never by
  # role, so that a fail-over moves nothing but the link and the producers.
  active_cluster  = var.active == "primary" ? var.clusters.primary : var.clusters.secondary
  passive_cluster = var.active == "primary" ? var.clusters.secondary : var.clusters.primary

  # Every topic on both clusters, keyed "<cluster>/<topic>" (the topic's id):
  # the address does not depend on which cluster is active.
  topics = {
    for pair in setproduct(local.cluster_keys, keys(var.topics)) :
    "${pair[0]}/${pair[1]}" => merge(var.topics[pair[1]], { cluster = pair[0], name = pair[1] })
  }

  # The link's patterns match whole names: escape the regular-expression
  # characters so that each name selects exactly itself.
  topic_patterns = [for n in keys(var.topics) : replace(n, "/([.+*?()|\\[\\]{}^$\\\\])/", "\\$1")]
  group_patterns = length(var.consumer_groups) > 0 ? [for g in distinct(var.consumer_groups) : replace(g, "/([.+*?()|\\[\\]{}^$\\\\])/", "\\$1")] : [".*"]

  # Nothing on an offline cluster may change: the producers' bindings on it
  # stay until it is back. (A link into it is pending: see the README.)
  offline         = [for c in local.cluster_keys : c if contains(var.offline_clusters, c)]
  producer_places = distinct(concat([local.active_cluster], local.offline))

  # Producers write on the active cluster only (and keep their bindings on an
  # offline cluster until it is back).
  producer_acls = merge([for c in local.producer_places : merge([for p in var.producers : merge([for t in keys(var.topics) : {
    for op in ["WRITE", "DESCRIBE"] :
    "${c}|${p}|${op}|TOPIC|${t}" => { cluster = c, principal = p, operation = op, resource_type = "TOPIC", name = t }
  }]...)]...)]...)

  # Consumers read on both clusters: READ and DESCRIBE on every topic, READ on
  # every group.
  consumer_acls = merge([for c in local.cluster_keys : merge([for p in var.consumers : merge(
    merge([for t in keys(var.topics) : {
      for op in ["READ", "DESCRIBE"] :
      "${c}|${p}|${op}|TOPIC|${t}" => { cluster = c, principal = p, operation = op, resource_type = "TOPIC", name = t }
    }]...),
    {
      for g in var.consumer_groups :
      "${c}|${p}|READ|GROUP|${g}" => { cluster = c, principal = p, operation = "READ", resource_type = "GROUP", name = g }
    },
  )]...)]...)

  # One instance per binding, keyed "<cluster>|<principal>|<operation>|<type>|<name>":
  # a principal that both produces and consumes has one DESCRIBE binding per
  # topic and cluster, which a fail-over does not delete while it still needs it.
  acls = merge(local.consumer_acls, local.producer_acls)
}

resource "geokafka_topic" "this" {
  for_each = local.topics

  cluster            = each.value.cluster
  name               = each.value.name
  partitions         = each.value.partitions
  replication_factor = each.value.replication_factor
  config             = each.value.config
  force_destroy      = var.force_destroy

  lifecycle {
    precondition {
      condition     = length(setsubtract(var.offline_clusters, local.cluster_keys)) == 0
      error_message = "offline_clusters names ${join(", ", setsubtract(var.offline_clusters, local.cluster_keys))}, which is not a cluster of the pair (${join(", ", local.cluster_keys)})."
    }
  }
}

# One link, from the active cluster to the passive one. Its source and target
# follow var.active, so a fail-over replaces it: Terraform destroys the old
# link before it creates the reverse one, so the two identity links never
# exist together (the provider's loop check knows a reversed plan of the same
# link is such a fail-over). Created while the passive cluster is offline,
# the link is pending: it records where the active cluster's topics end and
# starts there once the passive cluster is back.
resource "geokafka_replication_link" "this" {
  source = local.active_cluster
  target = local.passive_cluster

  topics             = local.topic_patterns
  naming             = "identity"
  sync_group_offsets = true
  groups             = local.group_patterns
  start_from         = var.start_from
  config             = var.link_config

  # While the catch-up link copies what the old active cluster took after
  # the fail-over, this link waits: started now, it would append the new
  # active cluster's records after them in the same topics.
  state = var.catch_up ? "stopped" : "running"

  # The topics exist on both sides before anything is copied, with the
  # settings declared here rather than the ones MirrorMaker would choose.
  depends_on = [geokafka_topic.this]

  lifecycle {
    precondition {
      condition     = !(var.catch_up && contains(var.offline_clusters, local.passive_cluster))
      error_message = "catch_up copies from ${local.passive_cluster}, which offline_clusters still names: once it answers again, empty offline_clusters (and its offline in the provider) in the same change."
    }
  }
}

# After a split brain (the active cluster was cut off, not down, and took
# writes after the fail-over), a one-off link from the old active cluster
# copies exactly those records, the ones past the reverse link's resume_from,
# to the new active cluster under the old one's prefix ("us-east.orders"):
# consumers there decide what they are. The copies stay when it goes.
resource "geokafka_replication_link" "catch_up" {
  count = var.catch_up ? 1 : 0

  source        = local.passive_cluster
  target        = local.active_cluster
  topics        = local.topic_patterns
  naming        = "prefixed"
  start_offsets = geokafka_replication_link.this.resume_from
  config        = var.link_config

  # The stranded records are not the new active cluster's history: its
  # consumers' offsets are not translated onto them.
  sync_group_offsets = false

  lifecycle {
    precondition {
      condition     = length(geokafka_replication_link.this.resume_from) > 0
      error_message = "catch_up copies what ${local.passive_cluster} took after a fail-over with it lost, from the link's resume_from, and this link has none: it was not created while ${local.passive_cluster} was offline. Set catch_up back to false."
    }
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
