# Benchmark workload (scripts/bench.sh): topics_per_cluster topics on every
# cluster of bootstrap_servers, each with one config override so that a
# refresh reads configs as well as metadata.

terraform {
  required_providers {
    geokafka = {
      source = "geokafka/geokafka"
    }
  }
}

variable "bootstrap_servers" {
  description = "Bootstrap servers by cluster key."
  type        = map(list(string))
}

variable "prefix" {
  description = "Start of every topic name (the benchmark gives each shape its own)."
  type        = string
  default     = "bench"
}

variable "topics_per_cluster" {
  description = "Number of topics on each cluster."
  type        = number
}

provider "geokafka" {
  clusters = { for k, v in var.bootstrap_servers : k => { bootstrap_servers = v } }
}

locals {
  # range() yields at most 1024 elements, so count in blocks of 1000.
  names = flatten([
    for b in range(ceil(var.topics_per_cluster / 1000)) : [
      for i in range(b * 1000, min((b + 1) * 1000, var.topics_per_cluster)) : format("%s-%05d", var.prefix, i)
    ]
  ])
  topics = {
    for p in setproduct(keys(var.bootstrap_servers), local.names) : "${p[0]}/${p[1]}" => {
      cluster = p[0]
      name    = p[1]
    }
  }
}

resource "geokafka_topic" "bench" {
  for_each = local.topics

  cluster            = each.value.cluster
  name               = each.value.name
  partitions         = 1
  replication_factor = 1
  config = {
    "retention.ms" = "86400000"
  }
}
