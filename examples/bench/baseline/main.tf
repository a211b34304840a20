# Benchmark floor (scripts/bench.sh): one terraform_data resource per topic
# of the topics workload, with the same for_each map and keys. terraform_data
# is built into terraform, so planning it measures terraform's own cost per
# resource instance (for_each handling included, which grows with the size
# of the collection: keep its shape identical to the topics workload).

variable "clusters" {
  description = "Cluster keys, as in the topics workload."
  type        = list(string)
}

variable "prefix" {
  description = "Start of every key, as in the topics workload."
  type        = string
  default     = "bench"
}

variable "topics_per_cluster" {
  description = "Number of resources per cluster key."
  type        = number
}

locals {
  # range() yields at most 1024 elements, so count in blocks of 1000.
  names = flatten([
    for b in range(ceil(var.topics_per_cluster / 1000)) : [
      for i in range(b * 1000, min((b + 1) * 1000, var.topics_per_cluster)) : format("%s-%05d", var.prefix, i)
    ]
  ])
  topics = {
    for p in setproduct(var.clusters, local.names) : "${p[0]}/${p[1]}" => {
      cluster = p[0]
      name    = p[1]
    }
  }
}

resource "terraform_data" "t" {
  for_each = local.topics

  input = each.key
}
