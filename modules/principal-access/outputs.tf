output "acl_ids" {
  description = "Id of every ACL binding made, keyed by `<cluster>|<operation>|<resource_type>|<name>`."
  value       = { for k, a in geokafka_acl.this : k => a.id }
}

output "acl_count_by_cluster" {
  description = "How many ACL bindings the principal has in each cluster."
  value       = { for c in var.clusters : c => length([for k, a in geokafka_acl.this : k if a.cluster == c]) }
}
