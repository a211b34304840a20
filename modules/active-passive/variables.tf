variable "clusters" {
  description = "The two cluster keys (in the geokafka provider's `clusters`) of the pair: `{ primary = \"us-east\", secondary = \"eu-west\" }`. The passive cluster's `connect_url` runs the link, so set it on both."
  type = object({
    primary   = string
    secondary = string
  })

  validation {
    condition     = var.clusters.primary != "" && var.clusters.secondary != "" && var.clusters.primary != var.clusters.secondary
    error_message = "clusters.primary and clusters.secondary must be two different, non-empty cluster keys."
  }
}

variable "active" {
  description = "Which of the two clusters is active: `primary` or `secondary` (the keys of `clusters`). Producers write there and the link copies from it to the other one. Changing it fails over: the link is replaced by the reverse one and the producers' ACLs move."
  type        = string
  default     = "primary"

  validation {
    condition     = contains(["primary", "secondary"], var.active)
    error_message = "active must be \"primary\" or \"secondary\", a key of clusters."
  }
}

variable "topics" {
  description = "Topics of the pair by name. Each one is created on both clusters with the same settings, and copied from the active to the passive cluster under the same name."
  type = map(object({
    partitions         = number
    replication_factor = number
    config             = optional(map(string), {})
  }))

  validation {
    condition     = length(var.topics) > 0
    error_message = "topics must hold at least one topic."
  }

  validation {
    condition     = alltrue([for n, t in var.topics : can(regex("^[a-zA-Z0-9._-]{1,249}$", n)) && n != "." && n != ".."])
    error_message = "topic names must be 1-249 characters of [a-zA-Z0-9._-], and not \".\" or \"..\"."
  }

  validation {
    condition     = alltrue([for t in values(var.topics) : t.partitions > 0 && t.replication_factor > 0])
    error_message = "every topic needs partitions > 0 and replication_factor > 0."
  }
}

variable "producers" {
  description = "Principals (`User:<name>`) that write to the topics. They get WRITE and DESCRIBE on every topic, on the active cluster only."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for p in var.producers : can(regex("^[A-Za-z]+:.+$", p))])
    error_message = "producers must look like User:alice (a principal type, a colon, a name)."
  }
}

variable "consumers" {
  description = "Principals (`User:<name>`) that read the topics. They get READ and DESCRIBE on every topic and READ on every group of `consumer_groups`, on both clusters, so they can fail over at any time."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for p in var.consumers : can(regex("^[A-Za-z]+:.+$", p))])
    error_message = "consumers must look like User:alice (a principal type, a colon, a name)."
  }
}

variable "consumer_groups" {
  description = "Consumer groups the consumers read with. Their committed offsets are translated to the passive cluster by the link. Empty: the consumers get no group ACLs and the link translates the offsets of every group."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for g in var.consumer_groups : g != "" && !strcontains(g, ",")])
    error_message = "consumer_groups must be non-empty names without commas."
  }
}

variable "force_destroy" {
  description = "Passed to every topic: allow destroying a topic that holds records. Set it to true and apply before destroying the pair."
  type        = bool
  default     = false
}

variable "link_config" {
  description = "Extra MirrorMaker properties for the link's connectors (the link's `config`), for example `{ \"refresh.topics.interval.seconds\" = \"60\" }`."
  type        = map(string)
  default     = {}
}

variable "start_from" {
  description = "Where a new link starts copying a partition it has no position in yet: `earliest` (everything the active cluster holds) or `latest` (only records produced from then on). See the README about fail-back."
  type        = string
  default     = "earliest"

  validation {
    condition     = contains(["earliest", "latest"], var.start_from)
    error_message = "start_from must be \"earliest\" or \"latest\"."
  }
}

variable "offline_clusters" {
  description = "Clusters of the pair that are down, for example during a regional outage; set the provider's `offline` on them too. Nothing on an offline cluster changes: the producers' bindings on it stay until it is back, and a link into it is only recorded (pending, see the README). Fail over with the active cluster lost: `active` = the other one and `offline_clusters` = the lost one."
  type        = list(string)
  default     = []

  validation {
    condition     = length(distinct(var.offline_clusters)) < 2
    error_message = "offline_clusters can name one cluster of the pair, not both: with both down there is nothing to fail over to."
  }
}

variable "catch_up" {
  description = "After a fail-over with the active cluster lost, when that cluster was only cut off and took writes meanwhile (a split brain, counted in the output `stranded_records` by the apply that empties `offline_clusters`): true runs a one-off link from it that copies exactly the records after the fail-over point to the new active cluster under its prefix (`us-east.orders`), while the reverse link waits stopped. Set it together with emptying `offline_clusters`; once the catch-up link's lag is 0, set it back to false: the catch-up link goes, its copies stay, and the reverse link starts."
  type        = bool
  default     = false
}
