# The orders service writes orders and reads payments with its own group, in
# every region.
terraform {
  required_providers {
    geokafka = {
      source = "geokafka/geokafka"
    }
  }
}

provider "geokafka" {
  clusters = {
    us-east = { bootstrap_servers = ["127.0.0.1:19092"] }
    eu-west = { bootstrap_servers = ["127.0.0.1:29092"] }
  }
}

module "orders_service" {
  source = "../.."

  clusters       = ["us-east", "eu-west"]
  principal      = "User:orders-service"
  produce_topics = ["orders"]
  consume_topics = ["payments"]
  consume_groups = ["orders-service"]
}

output "acl_ids" {
  value = module.orders_service.acl_ids
}
