# The asynchronous side of `make tradeoffs` (scripts/tradeoffs): a regional
# topic on us-east copied to eu-west by a MirrorMaker 2 link. Terraform runs
# at the CI runner; the Kafka Connect worker sits in eu-west and reaches
# us-east across the WAN at the addresses connect_bootstrap_servers gives.

terraform {
  required_providers {
    geokafka = {
      source = "geokafka/geokafka"
    }
  }
}

variable "us_east" {
  description = "us-east as seen from the CI runner (bootstrap) and from eu-west (connect)."
  type        = object({ bootstrap = list(string), connect = list(string) })
}

variable "eu_west" {
  description = "eu-west as seen from the CI runner and from eu-west, and its Connect REST API from the CI runner."
  type        = object({ bootstrap = list(string), connect = list(string), connect_url = string })
}

variable "topic" {
  description = "The regional topic on us-east."
  type        = string
  default     = "tradeoffs.async"
}

provider "geokafka" {
  clusters = {
    "us-east" = {
      bootstrap_servers         = var.us_east.bootstrap
      connect_bootstrap_servers = var.us_east.connect
    }
    "eu-west" = {
      bootstrap_servers         = var.eu_west.bootstrap
      connect_bootstrap_servers = var.eu_west.connect
      connect_url               = var.eu_west.connect_url
    }
  }
}

resource "geokafka_topic" "async" {
  cluster            = "us-east"
  name               = var.topic
  partitions         = 1
  replication_factor = 1
  force_destroy      = true
}

resource "geokafka_replication_link" "us_to_eu" {
  source     = "us-east"
  target     = "eu-west"
  topics     = [geokafka_topic.async.name]
  start_from = "latest"
  config     = { "refresh.topics.interval.seconds" = "5" }
}

output "copy" {
  description = "The copy of the topic on eu-west."
  value       = provider::geokafka::remote_topic_name("us-east", geokafka_topic.async.name)
}
