variable "from" {
  description = "Key (in the geokafka provider's `clusters`) of the cluster the topics and their clients move off, for example a Kafka 3.x cluster on ZooKeeper. Its topics, records and the consumer groups' offsets are copied; nothing on it is created or deleted but the producers' and consumers' ACLs below."
  type        = string
}

variable "to" {
  description = "Key of the cluster they move to, for example a Kafka 4 cluster on KRaft. Its `connect_url` runs the link, so set it on this cluster."
  type        = string
}

variable "topics" {
  description = "Topics that move, by name, with their settings on the new cluster. They must already exist on `from` under the same names; they are created on `to` and copied there under the same names with the same partitions, so records keep their partitions and offsets."
  type = map(object({
    partitions         = number
    replication_factor = number
    config             = optional(map(string), {})
  }))

  validation {
    condition     = length(var.topics) > 0
    error_message = "topics must name at least one topic to move."
  }
}

variable "producers" {
  description = "Principals (`User:<name>`) that write to the topics. They get WRITE and DESCRIBE on every topic: on `from` until `cut_over`, on `to` after."
  type        = list(string)
  default     = []
}

variable "consumers" {
  description = "Principals that read the topics. They get READ and DESCRIBE on every topic and READ on every group of `consumer_groups`, on both clusters, so each consumer switches when it is ready."
  type        = list(string)
  default     = []
}

variable "consumer_groups" {
  description = "Consumer groups whose committed offsets the link translates to `to`, so that a group resumes there where it stopped on `from`. Empty: the offsets of every group are translated and the consumers get no group ACLs."
  type        = list(string)
  default     = []
}

variable "scram_users" {
  description = "SCRAM credentials to declare on `to`, by user name: the clients' users of the old cluster. `password` is kept in state (sensitive); `mechanism` is SCRAM-SHA-256 or SCRAM-SHA-512."
  type = map(object({
    mechanism = optional(string, "SCRAM-SHA-512")
    password  = string
  }))
  default   = {}
  sensitive = true
}

variable "quotas" {
  description = "Client quotas to declare on `to`, by any key: `entity` as in `geokafka_quota` (`{ user = \"orders-svc\" }`, `{ client_id = \"<default>\" }`...) and `config` the quota values."
  type = map(object({
    entity = map(string)
    config = map(number)
  }))
  default = {}
}

variable "cut_over" {
  description = "false: producers write on `from` and the link copies to `to`. true, once the link's `lag` is 0 with the producers stopped: the producers' ACLs move to `to` and the link stops. Refused while the link lags."
  type        = bool
  default     = false
}

variable "link_config" {
  description = "Extra MirrorMaker properties for the link's connectors. The module sets `offset.lag.max = 0` (an offset sync for every record, so a group that stopped at the end of a topic resumes exactly there); these are merged over it."
  type        = map(string)
  default     = {}
}

variable "force_destroy" {
  description = "Passed to every topic on `to`: allow destroying a topic that holds records."
  type        = bool
  default     = false
}
