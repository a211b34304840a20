# Orders and payments in a disaster-recovery pair: us-east is active and
# eu-west receives the copies. Run with -var active=secondary to fail over.
terraform {
  required_providers {
    geokafka = {
      source = "geokafka/geokafka"
    }
  }
}

# The link runs on the passive cluster's Kafka Connect: both clusters need a
# connect_url, since either may be passive.
provider "geokafka" {
  clusters = {
    us-east = { bootstrap_servers = ["127.0.0.1:19092"], connect_url = "http://127.0.0.1:8083" }
    eu-west = { bootstrap_servers = ["127.0.0.1:29092"], connect_url = "http://127.0.0.1:8083" }
  }
}

variable "active" {
  description = "primary (us-east) or secondary (eu-west)."
  type        = string
  default     = "primary"
}

module "orders_dr" {
  source = "../.."

  clusters = { primary = "us-east", secondary = "eu-west" }
  active   = var.active

  topics = {
    orders   = { partitions = 6, replication_factor = 1, config = { "retention.ms" = "604800000" } }
    payments = { partitions = 3, replication_factor = 1 }
  }

  producers       = ["User:orders-service"]
  consumers       = ["User:billing"]
  consumer_groups = ["billing"]
}

output "active_cluster" {
  value = module.orders_dr.active_cluster
}

output "link_id" {
  value = module.orders_dr.link_id
}

output "topic_ids" {
  value = module.orders_dr.topic_ids
}
