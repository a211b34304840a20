output "order_subscriptions" {
  description = "For each region, the order topics a consumer there subscribes to: the local ones, then the copies from the other regions."
  value       = module.orders.subscriptions
}

output "order_link_ids" {
  description = "The six active-active replication links (`<source>|<target>`)."
  value       = module.orders.link_ids
}

output "topic_ids" {
  description = "Kafka's topic id of every managed topic, keyed by `<cluster>/<topic>`."
  value = merge(
    module.orders.topic_ids,
    { for c, id in module.payments.topic_ids : "${c}/gc.payments" => id },
    { for c, id in module.inventory.topic_ids : "${c}/gc.inventory" => id },
    { (geokafka_topic.eu_customer_profiles.id) = geokafka_topic.eu_customer_profiles.topic_id },
    { (geokafka_geo_partitioned_topic.customers.id) = geokafka_geo_partitioned_topic.customers.topic_id },
  )
}

output "customer_partitions_by_region" {
  description = "Partition numbers of gc.customers for each region: producers send a region's records to these partitions only."
  value       = geokafka_geo_partitioned_topic.customers.partitions_by_region
}

output "customer_partition_racks" {
  description = "Racks of the replicas of each partition of gc.customers, by partition number, with the partition's region."
  value = {
    for p in data.geokafka_topic.customers.partition_details : tostring(p.id) => {
      region = geokafka_geo_partitioned_topic.customers.region_by_partition[p.id]
      racks  = [for r in p.replicas : one([for b in data.geokafka_cluster.stretch.brokers : b.rack if b.id == r])]
    }
  }
}

output "order_service_acl_count" {
  description = "ACL bindings of User:order-service in each region."
  value       = { for c, m in module.order_service_access : c => m.acl_count_by_cluster[c] }
}
