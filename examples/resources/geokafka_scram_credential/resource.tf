# Passwords come from sensitive variables (for example
# TF_VAR_billing_kafka_password), never from literals.
variable "billing_kafka_password" {
  description = "SCRAM password of the billing service's Kafka user."
  type        = string
  sensitive   = true
}

variable "orders_service_kafka_password" {
  description = "SCRAM password of the orders service's Kafka user, the same on every cluster."
  type        = string
  sensitive   = true
}

# One user on one cluster. Clients log in with SASL mechanism SCRAM-SHA-512,
# user name "billing" and this password.
resource "geokafka_scram_credential" "billing" {
  cluster   = "eu-west"
  username  = "billing"
  mechanism = "SCRAM-SHA-512"
  password  = var.billing_kafka_password
}

# The same user in every regional cluster: one instance per cluster key.
resource "geokafka_scram_credential" "orders_service" {
  for_each = toset(["us-east", "eu-west", "ap-south"])

  cluster    = each.key
  username   = "orders-service"
  mechanism  = "SCRAM-SHA-512"
  iterations = 8192 # 4096 (the default) to 16384
  password   = var.orders_service_kafka_password
}

# With Terraform 1.11 or later, a write-only password stays out of the plan
# and the state. Terraform cannot see it change: bump the version to set a
# new one.
resource "geokafka_scram_credential" "payments" {
  cluster             = "eu-west"
  username            = "payments"
  mechanism           = "SCRAM-SHA-512"
  password_wo         = var.payments_kafka_password
  password_wo_version = 2
}

variable "payments_kafka_password" {
  description = "SCRAM password of the payments service's Kafka user."
  type        = string
  sensitive   = true
  ephemeral   = true
}

# ACLs name a SCRAM user as User:<username>.
resource "geokafka_acl" "billing_group" {
  cluster       = geokafka_scram_credential.billing.cluster
  principal     = "User:${geokafka_scram_credential.billing.username}"
  operation     = "READ"
  permission    = "ALLOW"
  resource_type = "GROUP"
  resource_name = "billing"
}
