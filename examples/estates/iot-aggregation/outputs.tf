output "link_ids" {
  description = "The link from each spoke into the hub (`<spoke>|<hub>`), by spoke."
  value       = module.telemetry.link_ids
}

output "connector_names" {
  description = "Connectors each link runs on the hub's Kafka Connect, by spoke."
  value       = module.telemetry.connector_names
}

output "readings_topic_ids" {
  description = "Kafka's topic id of iot.telemetry.readings on each spoke."
  value       = module.readings.topic_ids
}

output "readings_on_hub" {
  description = "Names of the copies of each spoke's iot.telemetry.readings on the hub, by spoke."
  value = {
    for spoke in local.spokes : spoke => provider::geokafka::remote_topic_name(spoke, "iot.telemetry.readings")
  }
}

output "remote_topic_prefixes" {
  description = "Prefix of the copies of each spoke's topics on the hub, by spoke: for PREFIXED ACLs of the hub's consumers."
  value       = module.telemetry.remote_topic_prefixes
}

output "residency_excludes" {
  description = "Residency patterns the provider added to each link, by spoke (none: this estate has no residency rules)."
  value       = module.telemetry.residency_excludes
}
