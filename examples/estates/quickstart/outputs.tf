output "topic_ids" {
  description = "Kafka's topic id of every managed topic, by cluster and topic name."
  value = merge(
    {
      for cluster in local.regional_clusters : cluster => {
        for key, t in geokafka_topic.regional : t.name => t.topic_id if t.cluster == cluster
      }
    },
    { (geokafka_topic.customers.cluster) = { (geokafka_topic.customers.name) = geokafka_topic.customers.topic_id } },
  )
}

output "topics_by_cluster" {
  description = "The managed topics as each cluster lists them (geokafka_topics data source): partitions and replication factor by topic name."
  value = {
    for cluster, listing in data.geokafka_topics.managed : cluster => {
      for t in listing.topics : t.name => "${t.partitions} partitions, replication factor ${t.replication_factor}"
    }
  }
}

output "clusters" {
  description = "Identity of each cluster: Kafka's cluster id, region label, broker count and racks."
  value = {
    for key, c in data.geokafka_cluster.all : key => {
      cluster_id = c.cluster_id
      region     = c.region
      brokers    = length(c.brokers)
      racks      = c.racks
    }
  }
}

output "customers_replica_racks" {
  description = "Racks of the replicas of each partition of the stretch topic, by partition number."
  value = {
    for p in data.geokafka_topic.customers.partition_details : tostring(p.id) => [
      for r in p.replicas : one([for b in data.geokafka_cluster.all["stretch"].brokers : b.rack if b.id == r])
    ]
  }
}
