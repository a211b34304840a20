output "lag" {
  description = "Records of zkm.orders and zkm.payments that kraft lacks: cut over at 0, with the producer stopped."
  value       = module.migration.lag
}

output "producer_cluster" {
  description = "Where User:zkm-orders-svc may write: legacy, then kraft."
  value       = module.migration.producer_cluster
}

output "link_state" {
  description = "`running` while copying, `stopped` after the cut-over."
  value       = module.migration.link_state
}
