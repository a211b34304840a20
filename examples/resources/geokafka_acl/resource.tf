# A producer: WRITE on the orders topic, and DESCRIBE to read its metadata
# (Kafka already implies DESCRIBE from WRITE; granting it keeps the intent
# explicit). One binding per operation. host defaults to "*" (any client
# address) and pattern_type to "LITERAL" (exactly this name).
resource "geokafka_acl" "orders_producer" {
  for_each = toset(["WRITE", "DESCRIBE"])

  cluster       = "us-east"
  principal     = "User:orders-service"
  operation     = each.key
  permission    = "ALLOW"
  resource_type = "TOPIC"
  resource_name = "orders"
}

# Idempotent producers (the default since Kafka 3.0) on brokers older than
# 2.8 also need IDEMPOTENT_WRITE on the cluster. The CLUSTER resource is
# always named kafka-cluster.
resource "geokafka_acl" "orders_producer_idempotent" {
  cluster       = "us-east"
  principal     = "User:orders-service"
  operation     = "IDEMPOTENT_WRITE"
  permission    = "ALLOW"
  resource_type = "CLUSTER"
  resource_name = "kafka-cluster"
}

# A consumer: READ on every topic whose name starts with "orders." ...
resource "geokafka_acl" "billing_read_orders" {
  cluster       = "us-east"
  principal     = "User:billing"
  operation     = "READ"
  permission    = "ALLOW"
  resource_type = "TOPIC"
  resource_name = "orders."
  pattern_type  = "PREFIXED"
}

# ... and READ on its consumer group, to join it and commit offsets.
resource "geokafka_acl" "billing_group" {
  cluster       = "us-east"
  principal     = "User:billing"
  operation     = "READ"
  permission    = "ALLOW"
  resource_type = "GROUP"
  resource_name = "billing"
}

# The same binding on every regional cluster: one instance per cluster key.
# A client that authenticates with mutual TLS is named by its certificate's
# distinguished name (unless the brokers map it to something shorter).
resource "geokafka_acl" "audit_read_all_topics" {
  for_each = toset(["us-east", "eu-west", "ap-south"])

  cluster       = each.key
  principal     = "User:CN=audit,OU=platform,O=Example"
  operation     = "READ"
  permission    = "ALLOW"
  resource_type = "TOPIC"
  resource_name = "*" # every topic
}
