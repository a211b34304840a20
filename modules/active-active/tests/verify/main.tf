# Test helper: reads each link back from Kafka Connect and the clusters, as
# geokafka_replication_status sees it, independently of the module's state.
terraform {
  required_providers {
    geokafka = {
      source = "geokafka/geokafka"
    }
  }
}

variable "link_ids" {
  description = "Ids (<source>|<target>) of the links to read."
  type        = list(string)
}

data "geokafka_replication_status" "this" {
  for_each = toset(var.link_ids)

  source = split("|", each.key)[0]
  target = split("|", each.key)[1]
}

output "running" {
  value = { for k, s in data.geokafka_replication_status.this : k => s.running }
}

output "connectors" {
  value = { for k, s in data.geokafka_replication_status.this : k => s.connectors }
}

output "remote_topics" {
  value = { for k, s in data.geokafka_replication_status.this : k => [for t in s.topics : t.remote_topic] }
}
