# Cluster-wide defaults of every broker of each regional cluster.
resource "geokafka_cluster_config" "defaults" {
  for_each = toset(["us-east", "eu-west", "ap-south"])

  cluster = each.key
  config = {
    "log.retention.ms"  = "604800000" # 7 days
    "message.max.bytes" = "2097152"
  }
}

# One broker's own setting, on top of the cluster-wide defaults.
resource "geokafka_cluster_config" "broker_1" {
  cluster   = "us-east"
  broker_id = 1
  config = {
    "log.cleaner.threads" = "2"
  }
}
