# The same topic in every regional cluster: one instance per cluster key.
resource "geokafka_topic" "orders" {
  for_each = toset(["us-east", "eu-west", "ap-south"])

  cluster            = each.key
  name               = "orders"
  partitions         = 12
  replication_factor = 3

  # Only the keys listed here are managed; everything else keeps the broker
  # default. Removing a key resets it to the default.
  config = {
    "retention.ms"        = "604800000" # 7 days
    "min.insync.replicas" = "2"
  }
}

# One topic on the stretch cluster, replicated across regions. New replicas
# of a replication-factor change go to the least used racks.
resource "geokafka_topic" "customers" {
  cluster            = "stretch"
  name               = "customers"
  partitions         = 6
  replication_factor = 3

  config = {
    "cleanup.policy"      = "compact"
    "min.insync.replicas" = "2"
  }

  # Two replicas in us-east (leaders there), one in eu-west. With acks=all a
  # write waits for every in-sync replica, eu-west included while it keeps
  # up; min.insync.replicas = 2 lets writes go on in us-east if eu-west drops
  # out of the in-sync set.
  replica_placement = [
    { racks = ["us-east-1a", "us-east-1b"], count = 2 },
    { racks = ["eu-west-1a"], count = 1 },
  ]

  # A topic that holds records is only destroyed (or replaced) when this is
  # true in the state, so set it and apply before destroying.
  force_destroy = false

  timeouts = {
    update = "30m" # a replication-factor change copies data
  }
}
