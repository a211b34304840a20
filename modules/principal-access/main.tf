# Every ACL the principal needs, in every listed cluster, keyed by
# "<cluster>|<operation>|<resource_type>|<name>" so that adding a topic or a
# cluster adds bindings without touching the others.
locals {
  grants = concat(
    flatten([for t in var.produce_topics : [
      { operation = "WRITE", resource_type = "TOPIC", name = t },
      { operation = "DESCRIBE", resource_type = "TOPIC", name = t },
    ]]),
    flatten([for t in var.consume_topics : [
      { operation = "READ", resource_type = "TOPIC", name = t },
      { operation = "DESCRIBE", resource_type = "TOPIC", name = t },
    ]]),
    [for g in var.consume_groups : { operation = "READ", resource_type = "GROUP", name = g }],
  )

  acls = merge([for c in var.clusters : {
    for g in local.grants : "${c}|${g.operation}|${g.resource_type}|${g.name}" => merge(g, { cluster = c })
  }]...)
}

resource "geokafka_acl" "this" {
  for_each = local.acls

  cluster       = each.value.cluster
  principal     = var.principal
  host          = var.host
  operation     = each.value.operation
  permission    = "ALLOW"
  resource_type = each.value.resource_type
  resource_name = each.value.name
  pattern_type  = var.pattern_type
}
