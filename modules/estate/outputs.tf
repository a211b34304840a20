output "residency_rules" {
  description = "Residency rules for the provider's `residency` argument: the `residency_rules` input, then one rule per topic group with `residency` (its topics and their prefixed copies, allowed on the clusters of regions of those jurisdictions). Computed from the variables only, so a root module can pass it to its provider block."
  value       = local.residency_rules

  precondition {
    condition     = length(local.residency_problems) == 0
    error_message = "Residency is broken:\n- ${join("\n- ", local.residency_problems)}"
  }
}

output "topic_groups" {
  description = "Every topic group as deployed: its topology, the clusters its topics are on, its topics, and (active-passive) the active and passive clusters."
  value = {
    for g, grp in local.groups : g => {
      topology        = grp.topology
      clusters        = grp.stretch ? compact([var.stretch_cluster]) : [for r in grp.regions : lookup(local.cluster_of, r, r)]
      topics          = grp.names
      active_cluster  = grp.topology == "active-passive" ? lookup(local.cluster_of, grp.active, null) : null
      passive_cluster = grp.topology == "active-passive" ? lookup(local.cluster_of, grp.passive, null) : null
    }
  }

  precondition {
    condition     = length(local.structure_problems) == 0
    error_message = "The topic groups do not fit the regions:\n- ${join("\n- ", local.structure_problems)}"
  }
}

output "links" {
  description = "Every replication link the topologies need, keyed like `geokafka_replication_link.this` (`<source>|<target>`; identity links `identity:<a>|<b>` by their pair): source, target, naming, the topic groups it carries, its topic patterns, exclusions and translated consumer groups (empty: all). Every one is declared, also while a cluster of its is offline (see `link_resume_from`)."
  value = {
    for k, l in local.merged_links : k => {
      source          = l.source
      target          = l.target
      naming          = l.naming
      topic_groups    = l.topic_groups
      topics          = l.topics
      topics_exclude  = l.topics_exclude
      consumer_groups = l.consumer_groups
    }
  }

  precondition {
    condition     = length(local.link_problems) == 0
    error_message = "The topologies need links that cannot exist together:\n- ${join("\n- ", local.link_problems)}"
  }
}

output "link_ids" {
  description = "Id (`<source>|<target>`, also the import id) of every replication link, keyed like `links`."
  value       = { for k, l in geokafka_replication_link.this : k => l.id }
}

output "link_resume_from" {
  description = "Where each link starts copying, by `<topic>/<partition>` of its source, when it was created while its target was offline (the identity link into the lost primary of an active-passive group that failed over): it is pending until the target is back, and then starts at these offsets (kept afterwards as a record). Empty for the other links; keyed like `links`."
  value       = { for k, l in geokafka_replication_link.this : k => l.resume_from }
}

output "topic_ids" {
  description = "Kafka's topic id (UUID) of every topic the estate created, keyed by `<cluster>/<topic>`. Copies made by links are not included."
  value = merge(
    merge([for t, m in module.regional_topic : { for c, id in m.topic_ids : "${c}/${t}" => id }]...),
    { for t, r in geokafka_topic.stretched : r.id => r.topic_id },
    { for t, r in geokafka_geo_partitioned_topic.this : r.id => r.topic_id },
  )
}

output "subscriptions" {
  description = "For each topic group and region, the topics a consumer there subscribes to: the local topics, then (active-active) the copies from the other regions, and on an aggregate group's hub the copies of every spoke (`<cluster>.<topic>`)."
  value       = local.subscriptions
}

output "geo_partitions" {
  description = "Partition numbers of each region, by geo-partitioned topic: producers send a region's records to these partitions only."
  value       = { for t, r in geokafka_geo_partitioned_topic.this : t => r.partitions_by_region }
}

output "acl_ids" {
  description = "Id of every ACL binding, keyed by `<cluster>|<principal>|<operation>|<type>|<name>`."
  value       = { for k, a in geokafka_acl.this : k => a.id }

  precondition {
    condition     = length(local.principal_problems) == 0
    error_message = "The principals do not fit the topic groups:\n- ${join("\n- ", local.principal_problems)}"
  }
}

output "health_checked_links" {
  description = "Keys of the links whose health the `check` reads at every plan and apply (every link that touches no offline region, unless `health_check.enabled` is false)."
  value       = sort(keys(module.link_health))
}

output "prometheus_rules" {
  description = "Prometheus alerting rules (a rule file, YAML) for the latency, lag and offset translation of every link that touches no offline region, and for a link that exports no metrics. See the README for the metric names they assume."
  value       = local.prometheus_rules
}

output "clusters" {
  description = "Cluster key of every region that has one, and the keys of the offline ones."
  value = {
    by_region = local.cluster_of
    offline   = local.offline
  }
}
