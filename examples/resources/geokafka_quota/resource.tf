# The quotas of one user, across all its client ids. Byte rates are bytes
# per second, enforced by each broker separately.
resource "geokafka_quota" "billing" {
  cluster = "us-east"
  entity  = { user = "billing" }

  # The resource owns every quota of its entity: a key removed from here is
  # removed on the brokers, and keys set by other tools show as drift.
  config = {
    producer_byte_rate = 1048576 # 1 MiB/s per broker
    consumer_byte_rate = 4194304 # 4 MiB/s per broker
  }
}

# One client id of one user. It takes precedence over the user's own quotas
# for that client.
resource "geokafka_quota" "billing_nightly_batch" {
  cluster = "us-east"
  entity = {
    user      = "billing"
    client_id = "nightly-batch"
  }

  config = {
    consumer_byte_rate = 10485760 # 10 MiB/s per broker
    request_percentage = 50       # half of one broker thread
  }
}

# The default of every client id without a quota of its own, for clients
# whose user has no quota either.
resource "geokafka_quota" "default_client" {
  cluster = "us-east"
  entity  = { client_id = "<default>" }

  config = {
    producer_byte_rate       = 524288 # 512 KiB/s per broker
    controller_mutation_rate = 10     # partitions created or deleted per second
  }
}

# New connections per second that each broker accepts from one address.
# ip stands alone: it cannot be combined with user or client_id.
resource "geokafka_quota" "ci_runners" {
  cluster = "us-east"
  entity  = { ip = "10.20.30.40" }

  config = {
    connection_creation_rate = 5
  }
}
