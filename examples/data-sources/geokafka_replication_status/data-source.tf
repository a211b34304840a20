# Records each copied topic still lacks on the target, by remote topic.
data "geokafka_replication_status" "dr" {
  source = "us-east"
  target = "eu-west"
}

output "dr_lag_by_topic" {
  value = { for t in data.geokafka_replication_status.dr.topics : t.remote_topic => t.lag }
}

# A health check: `terraform plan` (and apply) report a warning when the link
# is not running or is too far behind. Failed assertions never stop the run.
variable "max_replication_lag" {
  description = "Records a copied topic may lack on the target before the check warns."
  type        = number
  default     = 10000
}

check "dr_link_healthy" {
  # A data source inside a check block is read for the check only.
  data "geokafka_replication_status" "dr_check" {
    source = "us-east"
    target = "eu-west"

    # Read after the link is applied: while the link has pending changes,
    # the check waits for the apply instead of warning during the plan.
    depends_on = [geokafka_replication_link.dr]
  }

  assert {
    condition     = data.geokafka_replication_status.dr_check.running
    error_message = "The link us-east -> eu-west is not running (state ${data.geokafka_replication_status.dr_check.state}): ${jsonencode(data.geokafka_replication_status.dr_check.connectors)}"
  }

  assert {
    condition = data.geokafka_replication_status.dr_check.max_lag <= var.max_replication_lag
    error_message = format(
      "The link us-east -> eu-west is %d records behind at most (limit %d): %s",
      data.geokafka_replication_status.dr_check.max_lag,
      var.max_replication_lag,
      join(", ", [
        for t in data.geokafka_replication_status.dr_check.topics :
        "${t.remote_topic} (${t.lag})" if t.lag > var.max_replication_lag
      ]),
    )
  }
}
