output "subscriptions" {
  description = "For each region, the topics a consumer there subscribes to: the local topics, then their copies from every other region (`<region>.<topic>`)."
  value       = local.subscriptions
}

output "link_ids" {
  description = "Id of every replication link (`<source>|<target>`, also its import id), keyed the same way."
  value       = { for k, l in geokafka_replication_link.this : k => l.id }
}

output "topic_ids" {
  description = "Kafka's topic id (UUID) of every local topic, keyed by `<region>/<topic>`."
  value       = { for k, t in geokafka_topic.this : k => t.topic_id }
}
