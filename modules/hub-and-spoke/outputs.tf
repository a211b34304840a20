output "link_ids" {
  description = "Id of the link from each spoke, `<spoke>|<hub>`, by spoke."
  value       = { for s, l in geokafka_replication_link.this : s => l.id }
}

output "connector_names" {
  description = "Connectors each link runs on the hub's Kafka Connect, by spoke."
  value       = { for s, l in geokafka_replication_link.this : s => l.connector_names }
}

output "remote_topic_name_patterns" {
  description = "How a spoke's topic is named on the hub, by spoke: `<topic>` stands for the topic's name on the spoke (`eu-west.<topic>`)."
  value       = { for s, l in geokafka_replication_link.this : s => provider::geokafka::remote_topic_name(l.source_alias, "<topic>", l.separator) }
}

output "remote_topic_prefixes" {
  description = "Prefix of every copy of a spoke's topics on the hub, by spoke (`eu-west.`): for PREFIXED ACLs of the hub's consumers."
  value       = { for s, l in geokafka_replication_link.this : s => trimsuffix(provider::geokafka::remote_topic_name(l.source_alias, "x", l.separator), "x") }
}

output "residency_excludes" {
  description = "Patterns of the provider's residency rules that keep topics away from the hub, as the provider added them to each link, by spoke."
  value       = { for s, l in geokafka_replication_link.this : s => l.residency_excludes }
}
