# The copy of orders on the target of a link from us-east with the default
# prefixed naming: "us-east.orders".
output "orders_copy_name" {
  value = provider::geokafka::remote_topic_name("us-east", "orders")
}

# With a link's own source_alias and separator, so the name follows the link.
resource "geokafka_replication_link" "east_to_west" {
  source       = "us-east"
  target       = "eu-west"
  topics       = ["orders"]
  source_alias = "use1"
  separator    = "_"
}

# The billing service in eu-west reads the copy ("use1_orders") there.
resource "geokafka_acl" "billing_reads_orders_copy" {
  cluster       = "eu-west"
  principal     = "User:billing"
  operation     = "READ"
  permission    = "ALLOW"
  resource_type = "TOPIC"
  resource_name = provider::geokafka::remote_topic_name(
    geokafka_replication_link.east_to_west.source_alias,
    "orders",
    geokafka_replication_link.east_to_west.separator,
  )
}
