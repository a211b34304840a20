# Moving off ZooKeeper: the topics of a Kafka 3.9 cluster in ZooKeeper mode,
# their records, their clients' users, quotas and ACLs, and a consumer
# group's position, moved onto a Kafka 4 cluster on KRaft, then the producer
# cut over by one variable.

provider "geokafka" {
  clusters = {
    legacy = { bootstrap_servers = var.bootstrap_servers["legacy"] }
    kraft  = { bootstrap_servers = var.bootstrap_servers["kraft"], connect_url = var.connect_url }
  }
}

module "migration" {
  source = "../../../modules/cluster-migration"

  from = "legacy"
  to   = "kraft"

  topics = {
    "${var.name_prefix}orders" = {
      partitions         = 3
      replication_factor = var.replication_factor
      config             = { "retention.ms" = "604800000" }
    }
    "${var.name_prefix}payments" = {
      partitions         = 1
      replication_factor = var.replication_factor
    }
  }

  producers       = ["User:zkm-orders-svc"]
  consumers       = ["User:zkm-billing"]
  consumer_groups = ["${var.name_prefix}billing"]

  scram_users = {
    for user, password in var.passwords : user => { password = password }
  }

  # The producer's byte rate, as it had on the old cluster.
  quotas = {
    orders-svc = { entity = { user = "zkm-orders-svc" }, config = { producer_byte_rate = 1048576 } }
  }

  # New groups found and checkpoints written every few seconds, so the
  # group's position is on kraft soon after the group stops on legacy.
  link_config = {
    "refresh.groups.interval.seconds"     = "5"
    "emit.checkpoints.interval.seconds"   = "2"
    "sync.group.offsets.interval.seconds" = "2"
  }

  cut_over      = var.cut_over
  force_destroy = var.force_destroy
}
