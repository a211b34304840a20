output "link_id" {
  description = "Id of the replication link, `<from>|<to>`."
  value       = geokafka_replication_link.this.id
}

output "link_state" {
  description = "`running` before the cut-over, `stopped` after."
  value       = geokafka_replication_link.this.state
}

output "lag" {
  description = "Records of the moved topics that `to` lacks, as read at the start of the last plan or apply: 0 means ready to cut over (with the producers stopped)."
  value       = data.geokafka_replication_status.this.max_lag
}

output "lag_seconds" {
  description = "Age in seconds of the oldest record `to` lacks (0 when it lacks none)."
  value       = data.geokafka_replication_status.this.max_lag_seconds
}

output "producer_cluster" {
  description = "The cluster the producers may write to: `from` before the cut-over, `to` after."
  value       = local.producer_cluster
}

output "topic_ids" {
  description = "Kafka topic id of each topic on `to`, by name."
  value       = { for k, t in geokafka_topic.this : k => t.topic_id }
}

output "acl_ids" {
  description = "Every binding the module manages, by `<cluster>|<principal>|<operation>|<type>|<name>`."
  value       = { for k, a in geokafka_acl.this : k => a.id }
}
