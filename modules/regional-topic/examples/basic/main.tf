# Orders in every region with a week of retention; eu-west has more traffic,
# so more partitions, and keeps records for two weeks.
terraform {
  required_providers {
    geokafka = {
      source = "geokafka/geokafka"
    }
  }
}

provider "geokafka" {
  clusters = {
    us-east  = { bootstrap_servers = ["127.0.0.1:19092"] }
    eu-west  = { bootstrap_servers = ["127.0.0.1:29092"] }
    ap-south = { bootstrap_servers = ["127.0.0.1:23092"] }
  }
}

module "orders" {
  source = "../.."

  name               = "orders"
  clusters           = ["us-east", "eu-west", "ap-south"]
  partitions         = 6
  replication_factor = 1
  config = {
    "cleanup.policy" = "delete"
    "retention.ms"   = "604800000" # 7 days
  }

  overrides = {
    eu-west = {
      partitions = 12
      config     = { "retention.ms" = "1209600000" } # 14 days
    }
  }
}

output "orders_ids" {
  value = module.orders.ids
}
