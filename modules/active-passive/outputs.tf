output "active_cluster" {
  description = "Key of the active cluster: producers write there, the link copies from it."
  value       = local.active_cluster
}

output "passive_cluster" {
  description = "Key of the passive cluster: the link copies into it."
  value       = local.passive_cluster
}

output "link_id" {
  description = "Id of the replication link, `<active>|<passive>`; null while the passive cluster is offline."
  value       = one(geokafka_replication_link.this[*].id)
}

output "link_connector_names" {
  description = "Connectors the link runs on the passive cluster's Kafka Connect; empty while the passive cluster is offline."
  value       = flatten(geokafka_replication_link.this[*].connector_names)
}

output "topic_ids" {
  description = "Kafka's topic id of every topic, keyed by `<cluster>/<topic>`. They stay the same across fail-overs."
  value       = { for k, t in geokafka_topic.this : k => t.topic_id }
}

output "producer_acl_ids" {
  description = "Id of every producer binding (on the active cluster, and on an offline cluster until it is back), keyed by `<cluster>|<principal>|<operation>|<type>|<name>`."
  value       = { for k in keys(local.producer_acls) : k => geokafka_acl.this[k].id }
}

output "consumer_acl_ids" {
  description = "Id of every consumer binding (on both clusters), keyed by `<cluster>|<principal>|<operation>|<type>|<name>`."
  value       = { for k in keys(local.consumer_acls) : k => geokafka_acl.this[k].id }
}
