# Customer records stay in their region: every partition of "customers"
# belongs to one region, and all its replicas sit on that region's racks.
resource "geokafka_geo_partitioned_topic" "customers" {
  cluster = "stretch"
  name    = "customers"

  regions = {
    us = { racks = ["us-east-1a", "us-east-1b"], partitions = 6, replication_factor = 2 }
    eu = { racks = ["eu-west-1a"], partitions = 4, replication_factor = 1 }
    ap = { racks = ["ap-south-1a"], partitions = 2, replication_factor = 1 }
  }

  config = { "retention.ms" = "2592000000" } # 30 days
}

# Producers send each region's records to that region's partitions.
output "customer_partitions" {
  value = geokafka_geo_partitioned_topic.customers.partitions_by_region
}
