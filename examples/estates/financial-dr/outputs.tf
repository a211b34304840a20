output "active_cluster" {
  description = "The cluster producers write to."
  value       = module.trading_dr.active_cluster
}

output "passive_cluster" {
  description = "The cluster that receives the copies, and where consumers fail over to."
  value       = module.trading_dr.passive_cluster
}

output "link_id" {
  description = "The disaster-recovery link, `<active>|<passive>`."
  value       = module.trading_dr.link_id
}

output "link_connector_names" {
  description = "Connectors the link runs on the passive cluster's Kafka Connect."
  value       = module.trading_dr.link_connector_names
}

output "stranded_records" {
  description = "Records, by topic, that us-east took after a fail-over with it lost (cut off, not down), counted by the apply that brings it back; empty otherwise."
  value       = module.trading_dr.stranded_records
}

output "catch_up_topics" {
  description = "With catch_up, where the stranded records arrive on the active cluster, by topic."
  value       = module.trading_dr.catch_up_topics
}

output "link_resume_from" {
  description = "Where the disaster-recovery link starts, by `<topic>/<partition>`, when it was created with its target lost; empty otherwise."
  value       = module.trading_dr.link_resume_from
}

output "topic_ids" {
  description = "Kafka's topic id of every managed topic, keyed by `<cluster>/<topic>`; a fail-over changes none of them."
  value = merge(
    module.trading_dr.topic_ids,
    { (geokafka_topic.settlements.id) = geokafka_topic.settlements.topic_id },
  )
}

output "acl_ids" {
  description = "ACL bindings of the producers (active cluster) and the consumers (both clusters)."
  value = {
    producers = keys(module.trading_dr.producer_acl_ids)
    consumers = keys(module.trading_dr.consumer_acl_ids)
  }
}

output "settlements_replica_racks" {
  description = "Racks of the replicas of each partition of fdr.settlements, by partition number; the first is the preferred leader's."
  value = {
    for p in data.geokafka_topic.settlements.partition_details : tostring(p.id) => [
      for r in p.replicas : one([for b in data.geokafka_cluster.stretch.brokers : b.rack if b.id == r])
    ]
  }
}
