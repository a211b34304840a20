variable "hub" {
  description = "Key (in the geokafka provider's `clusters`) of the aggregation cluster. Its `connect_url` runs every link."
  type        = string

  validation {
    condition     = var.hub != ""
    error_message = "hub must be a cluster key."
  }
}

variable "spokes" {
  description = "Keys of the edge clusters (regions, sites, stores) whose topics are copied into the hub, each once. The hub cannot be one of them."
  type        = list(string)

  validation {
    condition     = length(var.spokes) > 0 && length(var.spokes) == length(distinct(var.spokes)) && alltrue([for s in var.spokes : s != ""])
    error_message = "spokes must list at least one cluster key, each once."
  }
}

variable "topics" {
  description = "Regular expressions of the spoke topics to aggregate, each matched against whole names (`telemetry\\\\..+`, `orders`). No commas. Topics created later that match are picked up too."
  type        = list(string)

  validation {
    condition     = length(var.topics) > 0 && alltrue([for t in var.topics : t != "" && !strcontains(t, ",")])
    error_message = "topics must hold at least one non-empty pattern, without commas."
  }
}

variable "exclude" {
  description = "Regular expressions of spoke topics never to copy, on top of the provider's `residency` rules (which the provider adds to every link by itself). Each matches whole names; no commas."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for t in var.exclude : t != "" && !strcontains(t, ",")])
    error_message = "exclude patterns must be non-empty and without commas."
  }
}

variable "link_config" {
  description = "Extra MirrorMaker properties for every link (the links' `config`), for example `{ \"refresh.topics.interval.seconds\" = \"60\" }`."
  type        = map(string)
  default     = {}
}
