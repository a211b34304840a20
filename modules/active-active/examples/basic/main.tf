# Orders and stock written in every region; each region reads its own topics
# and the copies of the others (us-east.orders, ap-south.orders... on eu-west).
terraform {
  required_providers {
    geokafka = {
      source = "geokafka/geokafka"
    }
  }
}

# Every region needs a Kafka Connect cluster (connect_url) to run the links
# into it; one Connect cluster may serve them all.
provider "geokafka" {
  clusters = {
    us-east  = { bootstrap_servers = ["127.0.0.1:19092"], connect_url = "http://127.0.0.1:8083" }
    eu-west  = { bootstrap_servers = ["127.0.0.1:29092"], connect_url = "http://127.0.0.1:8083" }
    ap-south = { bootstrap_servers = ["127.0.0.1:23092"], connect_url = "http://127.0.0.1:8083" }
  }
}

module "orders_mesh" {
  source = "../.."

  regions = ["us-east", "eu-west", "ap-south"]

  topics = {
    orders = {
      partitions         = 6
      replication_factor = 1
      config             = { "retention.ms" = "604800000" } # 7 days
    }
    stock = {
      partitions         = 3
      replication_factor = 1
      config             = { "cleanup.policy" = "compact" }
    }
  }

  link_config = {
    "refresh.topics.interval.seconds" = "60"
  }
}

# For example, on eu-west:
# ["orders", "stock", "us-east.orders", "us-east.stock", "ap-south.orders", "ap-south.stock"]
output "subscriptions" {
  value = module.orders_mesh.subscriptions
}
