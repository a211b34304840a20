output "active_cluster" {
  description = "Key of the active cluster: producers write there, the link copies from it."
  value       = local.active_cluster
}

output "passive_cluster" {
  description = "Key of the passive cluster: the link copies into it."
  value       = local.passive_cluster
}

output "link_id" {
  description = "Id of the replication link, `<active>|<passive>`."
  value       = geokafka_replication_link.this.id
}

output "link_connector_names" {
  description = "Connectors the link runs on the passive cluster's Kafka Connect."
  value       = geokafka_replication_link.this.connector_names
}

output "link_resume_from" {
  description = "Where the link starts copying, by `<topic>/<partition>`, when it was created while the passive cluster was offline (a fail-over with the active cluster lost); empty otherwise."
  value       = geokafka_replication_link.this.resume_from
}

output "stranded_records" {
  description = "Records, by topic, that the old active cluster took after a fail-over with it lost (it was cut off, not down), counted by the apply that brings it back; empty otherwise. `catch_up` copies them to the active cluster."
  value       = geokafka_replication_link.this.stranded_records
}

output "catch_up_topics" {
  description = "With `catch_up`, the topics on the active cluster that receive the old active cluster's stranded records, by topic name (`orders` => `us-east.orders`); empty otherwise."
  value = {
    for pair in setproduct(geokafka_replication_link.catch_up, keys(var.topics)) : pair[1] => "${pair[0].source_alias}${pair[0].separator}${pair[1]}"
  }
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
