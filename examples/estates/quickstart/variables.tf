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

variable "regional_replication_factor" {
  description = "Replication factor of the topics on the regional clusters: 1 for the single-broker lab clusters, 3 for production-sized ones."
  type        = number
  default     = 1

  validation {
    condition     = var.regional_replication_factor >= 1 && floor(var.regional_replication_factor) == var.regional_replication_factor
    error_message = "regional_replication_factor must be a whole number of at least 1."
  }
}
