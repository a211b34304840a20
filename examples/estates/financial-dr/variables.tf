variable "bootstrap_servers" {
  description = <<-EOT
    Broker addresses (host:port) of every cluster of the estate, by cluster key:
    the regional clusters us-east, eu-west and ap-south, and the multi-region
    cluster stretch. The defaults are the addresses of the local lab.
  EOT
  type        = map(list(string))
  default = {
    "us-east"  = ["127.0.0.1:19092"]
    "eu-west"  = ["127.0.0.1:29092"]
    "ap-south" = ["127.0.0.1:23092"]
    "stretch"  = ["127.0.0.1:25091", "127.0.0.1:25092", "127.0.0.1:25093", "127.0.0.1:25094"]
  }

  validation {
    condition     = toset(keys(var.bootstrap_servers)) == toset(["us-east", "eu-west", "ap-south", "stretch"])
    error_message = "bootstrap_servers must have exactly the keys us-east, eu-west, ap-south and stretch."
  }

  validation {
    condition     = alltrue([for servers in values(var.bootstrap_servers) : length(servers) > 0])
    error_message = "Every cluster in bootstrap_servers needs at least one broker address."
  }

  validation {
    condition = alltrue(flatten([
      for servers in values(var.bootstrap_servers) : [
        for s in servers : can(regex("^[A-Za-z0-9.-]+:[0-9]{1,5}$", s)) || can(regex("^\\[[0-9A-Fa-f:.]+\\]:[0-9]{1,5}$", s))
      ]
    ]))
    error_message = "Every broker address must be host:port (for example 127.0.0.1:19092 or [::1]:9092)."
  }
}

variable "connect_url" {
  description = "URL of the Kafka Connect REST API that runs the replication links into the regional clusters (one worker serves all three; the disaster-recovery link runs on the passive cluster's). The default is the local lab's worker."
  type        = string
  default     = "http://127.0.0.1:8083"

  validation {
    condition     = can(regex("^https?://[^/\\s]+(/.*)?$", var.connect_url))
    error_message = "connect_url must be an http:// or https:// URL, for example http://127.0.0.1:8083."
  }
}

variable "connect_bootstrap_servers" {
  description = "Broker addresses by which the Kafka Connect worker reaches a cluster, by cluster key, where they differ from bootstrap_servers (the worker sits in another network, or another region of the lab's WAN mode). Clusters left out use bootstrap_servers."
  type        = map(list(string))
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.connect_bootstrap_servers) : contains(["us-east", "eu-west", "ap-south", "stretch"], k)])
    error_message = "connect_bootstrap_servers may only have the keys us-east, eu-west, ap-south and stretch."
  }
}

variable "regional_replication_factor" {
  description = "Replication factor of the topics on the regional clusters: 1 for the single-broker lab clusters, 3 for production-sized ones."
  type        = number
  default     = 1

  validation {
    condition     = var.regional_replication_factor >= 1 && floor(var.regional_replication_factor) == var.regional_replication_factor
    error_message = "regional_replication_factor must be a whole number of at least 1."
  }
}

variable "force_destroy" {
  description = "Allow destroying the trade and position topics while they hold records. True suits the lab, where you may produce test records; set it to false for real estates."
  type        = bool
  default     = true
}

variable "active" {
  description = "Which cluster of the pair is active: \"primary\" (us-east) or \"secondary\" (eu-west). Changing it fails over: the link is reversed and the producers' ACLs move."
  type        = string
  default     = "primary"

  validation {
    condition     = contains(["primary", "secondary"], var.active)
    error_message = "active must be \"primary\" or \"secondary\"."
  }
}

variable "offline_clusters" {
  description = "Clusters that are down (a regional outage): the provider marks them `offline` and never contacts them, and the disaster-recovery pair changes nothing on them. Fail over with us-east lost: `-var active=secondary -var 'offline_clusters=[\"us-east\"]'`; once it is back, apply with the list empty."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.offline_clusters : contains(["us-east", "eu-west", "ap-south"], c)])
    error_message = "offline_clusters may name us-east, eu-west or ap-south (the stretch cluster spans every region and has no single region to lose)."
  }
}

variable "start_from" {
  description = "Where a new disaster-recovery link starts copying: \"earliest\" (the first link, and the reverse link after an unplanned fail-over, which must copy what was written meanwhile) or \"latest\" (a planned fail-back: writes stopped and the reverse link caught up, so only new records need copying; earlier positions in this direction are discarded)."
  type        = string
  default     = "earliest"

  validation {
    condition     = contains(["earliest", "latest"], var.start_from)
    error_message = "start_from must be \"earliest\" or \"latest\"."
  }
}

variable "catch_up" {
  description = "After a fail-over with us-east lost when it was only cut off (a split brain): true, in the apply that brings it back (offline_clusters emptied), copies the records it took after the fail-over to eu-west as us-east.fdr.trades and us-east.fdr.positions while the reverse link waits; false again once that copy's lag is 0. See the output stranded_records."
  type        = bool
  default     = false
}
