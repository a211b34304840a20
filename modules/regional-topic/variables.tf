variable "name" {
  description = "Name of the topic, the same in every cluster."
  type        = string
}

variable "clusters" {
  description = "Keys (in the geokafka provider's `clusters`) of every cluster that gets the topic."
  type        = list(string)

  validation {
    condition     = length(var.clusters) > 0 && length(var.clusters) == length(distinct(var.clusters))
    error_message = "clusters must list at least one cluster key, each once."
  }
}

variable "partitions" {
  description = "Partitions of the topic in every cluster without an override."
  type        = number
}

variable "replication_factor" {
  description = "Replicas of every partition in every cluster without an override; at most the live brokers of each cluster."
  type        = number
}

variable "config" {
  description = "Topic configuration in every cluster, for example `{ \"retention.ms\" = \"604800000\" }`. Only these keys (and those of the overrides) are managed."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "overrides" {
  description = "Settings that differ in some clusters, by cluster key (each must be in `clusters`): `partitions` and `replication_factor` replace the defaults, `config` is merged over `config`."
  type = map(object({
    partitions         = optional(number)
    replication_factor = optional(number)
    config             = optional(map(string), {})
  }))
  default  = {}
  nullable = false
}

variable "force_destroy" {
  description = "Allow destroying (or replacing) the topics while they hold records. Set it to true and apply before destroying."
  type        = bool
  default     = false
  nullable    = false
}
