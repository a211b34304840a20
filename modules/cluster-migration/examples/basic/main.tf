# Move the orders topic and its clients off a Kafka 3.9 cluster on ZooKeeper
# (the lab's legacy) onto a Kafka 4 cluster on KRaft (us-east). Apply, wait
# for the output lag to be 0 with the producer stopped, then apply again with
# -var cut_over=true.
terraform {
  required_providers {
    geokafka = {
      source = "geokafka/geokafka"
    }
  }
}

# The link runs on the new cluster's Kafka Connect.
provider "geokafka" {
  clusters = {
    legacy  = { bootstrap_servers = ["127.0.0.1:27092"] }
    us-east = { bootstrap_servers = ["127.0.0.1:19092"], connect_url = "http://127.0.0.1:8083" }
  }
}

variable "cut_over" {
  description = "true once the output lag is 0 with the producer stopped."
  type        = bool
  default     = false
}

variable "orders_svc_password" {
  description = "SCRAM password of orders-svc, declared on the new cluster."
  type        = string
  sensitive   = true
}

module "orders_move" {
  source = "../.."

  from = "legacy"
  to   = "us-east"

  topics = {
    orders = { partitions = 6, replication_factor = 1, config = { "retention.ms" = "604800000" } }
  }
  producers       = ["User:orders-svc"]
  consumers       = ["User:billing"]
  consumer_groups = ["billing"]
  scram_users     = { orders-svc = { password = var.orders_svc_password } }
  quotas          = { orders-svc = { entity = { user = "orders-svc" }, config = { producer_byte_rate = 1048576 } } }
  cut_over        = var.cut_over
}

output "lag" {
  value = module.orders_move.lag
}
