variable "clusters" {
  description = "Keys (in the geokafka provider's `clusters`) of every cluster where the principal gets the same access."
  type        = list(string)

  validation {
    condition     = length(var.clusters) > 0 && length(var.clusters) == length(distinct(var.clusters))
    error_message = "clusters must list at least one cluster key, each once."
  }
}

variable "principal" {
  description = "The principal, as `<type>:<name>`, for example `User:orders-service` or `User:CN=orders,O=example`."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z]+:.+$", var.principal))
    error_message = "principal must look like User:alice (a principal type, a colon, a name)."
  }
}

variable "produce_topics" {
  description = "Topics the principal writes to (WRITE and DESCRIBE)."
  type        = list(string)
  default     = []
}

variable "consume_topics" {
  description = "Topics the principal reads from (READ and DESCRIBE)."
  type        = list(string)
  default     = []
}

variable "consume_groups" {
  description = "Consumer groups the principal reads with (READ on the group)."
  type        = list(string)
  default     = []
}

variable "pattern_type" {
  description = "`LITERAL`: the names above are exact names. `PREFIXED`: each name is a prefix, so `orders.` covers `orders.eu`, `orders.us`..."
  type        = string
  default     = "LITERAL"

  validation {
    condition     = contains(["LITERAL", "PREFIXED"], var.pattern_type)
    error_message = "pattern_type must be LITERAL or PREFIXED."
  }
}

variable "host" {
  description = "Client address the ACLs apply to; `*` for any."
  type        = string
  default     = "*"
}
