variable "bootstrap_servers" {
  description = "Broker addresses (host:port) of the two clusters: `legacy`, the Kafka 3.9 cluster on ZooKeeper being retired, and `kraft`, the Kafka 4 cluster on KRaft that replaces it. The defaults are the local lab's `legacy` and `us-east`."
  type        = map(list(string))
  default = {
    legacy = ["127.0.0.1:27092"]
    kraft  = ["127.0.0.1:19092"]
  }

  validation {
    condition     = toset(keys(var.bootstrap_servers)) == toset(["legacy", "kraft"])
    error_message = "bootstrap_servers must have exactly the keys legacy and kraft."
  }
}

variable "connect_url" {
  description = "REST URL of the Kafka Connect cluster next to the KRaft cluster, which runs the link."
  type        = string
  default     = "http://127.0.0.1:8083"
}

variable "replication_factor" {
  description = "Replication factor of the topics on the KRaft cluster: 1 on the lab's single-broker cluster, 3 on a production-sized one."
  type        = number
  default     = 1
}

variable "passwords" {
  description = "SCRAM passwords of the clients' users, which move with them to the KRaft cluster, by user name."
  type        = map(string)
  sensitive   = true
  default = {
    "zkm-orders-svc" = "zkm-orders-password"
    "zkm-billing"    = "zkm-billing-password"
  }

  validation {
    condition     = toset(keys(var.passwords)) == toset(["zkm-orders-svc", "zkm-billing"])
    error_message = "passwords must have exactly the users zkm-orders-svc and zkm-billing."
  }
}

variable "name_prefix" {
  description = "Prefix of the topics' and the consumer group's names, for example `zkm.` (zkm.orders, zkm.payments, zkm.billing)."
  type        = string
  default     = "zkm."
}

variable "cut_over" {
  description = "false while the link copies legacy into kraft; true, once the output lag is 0 with the producer stopped, moves the producer to kraft and stops the link."
  type        = bool
  default     = false
}

variable "force_destroy" {
  description = "Allow destroying the topics on kraft while they hold records."
  type        = bool
  default     = false
}
