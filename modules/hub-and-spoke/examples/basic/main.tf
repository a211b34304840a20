# Telemetry of the European and Asian edge clusters aggregated in us-east.
# Topics starting with "eu." stay in eu-west: the residency rule keeps them
# off the hub, so neither link copies them.
terraform {
  required_providers {
    geokafka = {
      source = "geokafka/geokafka"
    }
  }
}

# The links run on the hub's Kafka Connect.
provider "geokafka" {
  clusters = {
    us-east  = { bootstrap_servers = ["127.0.0.1:19092"], connect_url = "http://127.0.0.1:8083" }
    eu-west  = { bootstrap_servers = ["127.0.0.1:29092"] }
    ap-south = { bootstrap_servers = ["127.0.0.1:23092"] }
  }

  residency = [{ topics = "^eu\\.", allowed_clusters = ["eu-west"] }]
}

module "telemetry" {
  source = "../.."

  hub     = "us-east"
  spokes  = ["eu-west", "ap-south"]
  topics  = ["telemetry\\..+", "eu\\..+"]
  exclude = ["telemetry\\.debug\\..+"]
}

output "link_ids" {
  value = module.telemetry.link_ids
}

# eu-west.<topic> and ap-south.<topic> on us-east.
output "remote_topic_name_patterns" {
  value = module.telemetry.remote_topic_name_patterns
}
