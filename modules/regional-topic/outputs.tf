output "topic_ids" {
  description = "Kafka's topic id (UUID) of the topic, by cluster key. It changes when a topic is re-created."
  value       = { for c, t in geokafka_topic.this : c => t.topic_id }
}

output "ids" {
  description = "Terraform id of the topic (`<cluster>/<name>`, also its import id), by cluster key."
  value       = { for c, t in geokafka_topic.this : c => t.id }
}
