# The health of one replication link, as a check: a failed assertion (or an
# error reading the status, such as an unreachable Kafka Connect) is a
# warning of terraform plan and apply, never an error. The estate module
# calls this module once per link, because a check block cannot be repeated
# with for_each and the data source nested in it cannot have for_each either.
check "replication_link" {
  data "geokafka_replication_status" "this" {
    source = var.source_cluster
    target = var.target_cluster
  }

  assert {
    condition     = data.geokafka_replication_status.this.running
    error_message = "The replication link ${var.source_cluster} -> ${var.target_cluster} is not running (state ${data.geokafka_replication_status.this.state}): ${jsonencode(data.geokafka_replication_status.this.connectors)}."
  }

  assert {
    condition = data.geokafka_replication_status.this.max_lag <= var.max_lag
    error_message = format(
      "The replication link %s -> %s is %d records behind at most (limit %d): %s.",
      var.source_cluster, var.target_cluster, data.geokafka_replication_status.this.max_lag, var.max_lag,
      join(", ", [for t in data.geokafka_replication_status.this.topics : "${t.remote_topic} (${t.lag})" if t.lag > var.max_lag]),
    )
  }

  assert {
    condition = data.geokafka_replication_status.this.max_lag_seconds <= var.max_lag_seconds
    error_message = format(
      "The replication link %s -> %s is %.1f s behind (limit %d s): were %s lost now, %s would lack its records of the last %.1f s on %s.",
      var.source_cluster, var.target_cluster, data.geokafka_replication_status.this.max_lag_seconds, var.max_lag_seconds,
      var.source_cluster, var.target_cluster, data.geokafka_replication_status.this.max_lag_seconds,
      join(", ", [for t in data.geokafka_replication_status.this.topics : t.topic if t.lag_seconds > var.max_lag_seconds]),
    )
  }
}
