variable "regions" {
  description = "Keys (in the geokafka provider's `clusters`) of the regional clusters; each writes its own copy of every topic and reads the copies of the others. Each needs a `connect_url`, which runs the links into it."
  type        = list(string)

  validation {
    condition     = length(var.regions) >= 2 && length(var.regions) == length(distinct(var.regions))
    error_message = "regions must list at least two cluster keys, each once: active-active replicates between regions."
  }
}

variable "topics" {
  description = "Topics every region writes locally, by name, with their settings in every region."
  type = map(object({
    partitions         = number
    replication_factor = number
    config             = optional(map(string), {})
  }))

  validation {
    condition     = length(var.topics) > 0
    error_message = "topics must declare at least one topic."
  }

  validation {
    condition = alltrue([
      for t in keys(var.topics) :
      !startswith(t, "__") && !startswith(t, ".") && !endswith(t, ".internal") && !endswith(t, "-internal")
    ])
    error_message = "MirrorMaker never copies topics whose names start with \"__\" or \".\", or end with \".internal\" or \"-internal\" (it treats them as internal): rename them."
  }
}

variable "sync_group_offsets" {
  description = "Write translated consumer-group offsets to the other regions, so consumers can move to another region without re-reading everything."
  type        = bool
  default     = true
  nullable    = false
}

variable "replication_factor" {
  description = "Replication factor of the remote topics (and MirrorMaker's internal topics) the links create; `-1` uses each target's `default.replication.factor`."
  type        = number
  default     = -1
  nullable    = false

  validation {
    condition     = var.replication_factor == -1 || var.replication_factor >= 1
    error_message = "replication_factor must be -1 (the target's default) or at least 1."
  }
}

variable "link_config" {
  description = "Extra MirrorMaker properties for every connector of every link, for example `{ \"refresh.topics.interval.seconds\" = \"60\" }`. Keys the links set themselves are refused at plan."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "force_destroy" {
  description = "Allow destroying the local topics while they hold records. Set it to true and apply before destroying. Remote topics are never destroyed by this module."
  type        = bool
  default     = false
  nullable    = false
}
