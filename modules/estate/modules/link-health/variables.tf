variable "source_cluster" {
  description = "Cluster key the link copies from."
  type        = string
}

variable "target_cluster" {
  description = "Cluster key the link copies to; its `connect_url` runs the link."
  type        = string
}

variable "max_lag" {
  description = "Records a copied topic may lack on the target before the check warns."
  type        = number
  default     = 10000
}

variable "max_lag_seconds" {
  description = "Age in seconds of the oldest record a target may lack (the link's recovery point) before the check warns."
  type        = number
  default     = 300
}
