# A whole estate from one description: three regions with a regional
# cluster each, and a stretch cluster with racks in all three.
#
# * orders, active-active between us-east and eu-west;
# * telemetry of eu-west and ap-south aggregated into us-east (the link from
#   eu-west to us-east is merged with the orders link, the same pair);
# * a ledger in a disaster-recovery pair, eu-west active, ap-south passive;
# * European customer profiles kept in the EU (residency);
# * customers geo-partitioned and payments stretched over the three regions;
# * the services that write and read them.
#
# The residency rules the module derives go into the provider block, so the
# provider refuses such topics elsewhere and every link excludes them.
terraform {
  required_providers {
    geokafka = {
      source = "geokafka/geokafka"
    }
  }
}

provider "geokafka" {
  clusters = {
    us-east  = { bootstrap_servers = ["127.0.0.1:19092"], connect_url = "http://127.0.0.1:8083" }
    eu-west  = { bootstrap_servers = ["127.0.0.1:29092"], connect_url = "http://127.0.0.1:8083", offline = var.eu_west_offline }
    ap-south = { bootstrap_servers = ["127.0.0.1:23092"], connect_url = "http://127.0.0.1:8083" }
    stretch  = { bootstrap_servers = ["127.0.0.1:25091", "127.0.0.1:25092", "127.0.0.1:25093", "127.0.0.1:25094"] }
  }

  residency = module.estate.residency_rules
}

variable "eu_west_offline" {
  description = "Set to true while eu-west is down, with ledger_active = \"ap-south\" to fail the ledger over: nothing on eu-west changes, the ledger's link into it is pending until it is back, and the ledger's producers keep their bindings there."
  type        = bool
  default     = false
}

variable "ledger_active" {
  description = "Region where the ledger is active: eu-west, its primary, or ap-south (a fail-over)."
  type        = string
  default     = "eu-west"
}

module "estate" {
  source = "../.."

  regions = {
    us-east  = { cluster = "us-east", jurisdiction = "us", racks = ["us-east-1a", "us-east-1b"] }
    eu-west  = { cluster = "eu-west", jurisdiction = "eu", racks = ["eu-west-1a"], offline = var.eu_west_offline }
    ap-south = { cluster = "ap-south", jurisdiction = "in", racks = ["ap-south-1a"] }
  }
  stretch_cluster = "stretch"

  topic_groups = {
    orders = {
      topology = "active-active"
      regions  = ["us-east", "eu-west"]
      topics = {
        "orders"        = { partitions = 6, replication_factor = 1, config = { "retention.ms" = "604800000" } }
        "orders.status" = { partitions = 3, replication_factor = 1 }
      }
    }

    telemetry = {
      topology = "aggregate"
      regions  = ["eu-west", "ap-south"]
      hub      = "us-east"
      # Every telemetry.* topic of the spokes, also those created later.
      patterns = ["telemetry\\..+"]
      topics = {
        "telemetry" = { partitions = 3, replication_factor = 1, overrides = { ap-south = { partitions = 6 } } }
      }
    }

    ledger = {
      topology = "active-passive"
      regions  = ["eu-west", "ap-south"]
      active   = var.ledger_active
      topics = {
        "ledger.entries" = { partitions = 3, replication_factor = 1, config = { "cleanup.policy" = "compact" } }
      }
    }

    eu-profiles = {
      topology  = "local"
      regions   = ["eu-west"]
      residency = ["eu"]
      topics = {
        "eu.customer-profiles" = { partitions = 3, replication_factor = 1, config = { "cleanup.policy" = "compact" } }
      }
    }

    customers = {
      topology = "geo-partitioned"
      regions  = ["us-east", "eu-west", "ap-south"]
      topics = {
        "customers" = { partitions = 2, replication_factor = 1, overrides = { us-east = { partitions = 4, replication_factor = 2 } } }
      }
    }

    payments = {
      topology = "stretched"
      regions  = ["us-east", "eu-west", "ap-south"] # leaders in us-east
      topics = {
        "payments" = { partitions = 6, replication_factor = 1, config = { "min.insync.replicas" = "2" } }
      }
    }
  }

  principals = {
    "User:order-service" = {
      produces        = ["orders"]
      consumes        = ["orders"]
      consumer_groups = ["order-service"]
    }
    "User:ledger-service" = {
      produces        = ["ledger"]
      consumes        = ["ledger"]
      consumer_groups = ["ledger-service"]
    }
    "User:profile-service" = {
      produces = ["eu-profiles"]
      consumes = ["eu-profiles"]
    }
    "User:analytics" = {
      consumes        = ["telemetry"]
      consumer_groups = ["analytics"]
    }
  }

  prometheus = {
    labels     = { severity = "warning", team = "streaming-platform" }
    record_age = { threshold_ms = 120000 }
  }

  link_settings = {
    config = { "refresh.topics.interval.seconds" = "60" }
  }
}

output "links" {
  value = module.estate.links
}

output "subscriptions" {
  value = module.estate.subscriptions
}

output "residency_rules" {
  value = module.estate.residency_rules
}

# terraform output -raw prometheus_rules > geokafka-rules.yml
output "prometheus_rules" {
  value = module.estate.prometheus_rules
}
