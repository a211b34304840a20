# The settings of the topic in each cluster: the defaults, with the cluster's
# override (if any) on top. Keyed by cluster, so adding a cluster adds a topic
# and never touches the others.
locals {
  unknown_override_clusters = sort(setsubtract(keys(var.overrides), var.clusters))

  topics = {
    for c in var.clusters : c => {
      partitions         = coalesce(try(var.overrides[c].partitions, null), var.partitions)
      replication_factor = coalesce(try(var.overrides[c].replication_factor, null), var.replication_factor)
      config             = merge(var.config, try(var.overrides[c].config, {}))
    }
  }
}

resource "geokafka_topic" "this" {
  for_each = local.topics

  cluster            = each.key
  name               = var.name
  partitions         = each.value.partitions
  replication_factor = each.value.replication_factor
  config             = each.value.config
  force_destroy      = var.force_destroy

  lifecycle {
    # A variable's validation cannot see another variable before Terraform
    # 1.9, so the keys of overrides are checked here, before the provider is
    # asked anything. Only the first cluster's topic reports it, so the error
    # appears once rather than once per cluster.
    precondition {
      condition     = each.key != var.clusters[0] || length(local.unknown_override_clusters) == 0
      error_message = "overrides has keys that are not in clusters: ${join(", ", local.unknown_override_clusters)}. Every key of overrides must be one of: ${join(", ", var.clusters)}."
    }
  }
}
