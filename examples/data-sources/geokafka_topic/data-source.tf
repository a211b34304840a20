data "geokafka_topic" "orders" {
  cluster = "us-east"
  name    = "orders"
}

output "orders_layout" {
  value = {
    topic_id           = data.geokafka_topic.orders.topic_id
    partitions         = data.geokafka_topic.orders.partitions
    replication_factor = data.geokafka_topic.orders.replication_factor
    retention_ms       = lookup(data.geokafka_topic.orders.config, "retention.ms", "broker default")
  }
}

# Partitions whose in-sync replicas are fewer than their replicas.
output "orders_under_replicated_partitions" {
  value = [
    for p in data.geokafka_topic.orders.partition_details : p.id
    if length(p.isr) < length(p.replicas)
  ]
}
