locals {
  # The link's patterns match whole names: escape the regular-expression
  # characters so that each name selects exactly itself.
  topic_patterns = [for n in keys(var.topics) : replace(n, "/([.+*?()|\\[\\]{}^$\\\\])/", "\\$1")]
  group_patterns = length(var.consumer_groups) > 0 ? [for g in distinct(var.consumer_groups) : replace(g, "/([.+*?()|\\[\\]{}^$\\\\])/", "\\$1")] : [".*"]

  producer_cluster = var.cut_over ? var.to : var.from

  producer_acls = merge([for p in var.producers : merge([for t in keys(var.topics) : {
    for op in ["WRITE", "DESCRIBE"] :
    "${local.producer_cluster}|${p}|${op}|TOPIC|${t}" => { cluster = local.producer_cluster, principal = p, operation = op, resource_type = "TOPIC", name = t }
  }]...)]...)

  consumer_acls = merge([for c in [var.from, var.to] : merge([for p in var.consumers : merge(
    merge([for t in keys(var.topics) : {
      for op in ["READ", "DESCRIBE"] :
      "${c}|${p}|${op}|TOPIC|${t}" => { cluster = c, principal = p, operation = op, resource_type = "TOPIC", name = t }
    }]...),
    {
      for g in var.consumer_groups :
      "${c}|${p}|READ|GROUP|${g}" => { cluster = c, principal = p, operation = "READ", resource_type = "GROUP", name = g }
    },
  )]...)]...)

  # Keyed "<cluster>|<principal>|<operation>|<type>|<name>": a principal that
  # produces and consumes has one DESCRIBE binding per topic and cluster,
  # which the cut-over does not delete while it still needs it.
  acls = merge(local.consumer_acls, local.producer_acls)
}

resource "geokafka_topic" "this" {
  for_each = var.topics

  cluster            = var.to
  name               = each.key
  partitions         = each.value.partitions
  replication_factor = each.value.replication_factor
  config             = each.value.config
  force_destroy      = var.force_destroy
}

resource "geokafka_scram_credential" "this" {
  for_each = nonsensitive(toset(keys(var.scram_users)))

  cluster   = var.to
  username  = each.key
  mechanism = var.scram_users[each.key].mechanism
  password  = var.scram_users[each.key].password
}

resource "geokafka_quota" "this" {
  for_each = var.quotas

  cluster = var.to
  entity  = each.value.entity
  config  = each.value.config
}

# How far the new cluster is behind, read before the link changes: the
# cut-over waits for 0. (The link's own status is read from the cluster keys,
# not from the link, so that its precondition can use it.)
data "geokafka_replication_status" "this" {
  source = var.from
  target = var.to
}

# Identity names, so records keep their topics, partitions and offsets, and
# the consumer groups' offsets are translated onto them.
resource "geokafka_replication_link" "this" {
  source = var.from
  target = var.to

  topics             = local.topic_patterns
  naming             = "identity"
  sync_group_offsets = true
  groups             = local.group_patterns
  config             = merge({ "offset.lag.max" = "0" }, var.link_config)
  state              = var.cut_over ? "stopped" : "running"

  # The topics exist on the new cluster before anything is copied, with the
  # settings declared here rather than the ones MirrorMaker would choose.
  depends_on = [geokafka_topic.this]

  lifecycle {
    precondition {
      condition     = !var.cut_over || data.geokafka_replication_status.this.max_lag == 0
      error_message = "${var.to} lacks ${data.geokafka_replication_status.this.max_lag} records of ${var.from}, and cut_over stops the link that copies them. Before the cut-over: stop the producers on ${var.from}, wait until the output lag is 0 and apply again. After it, someone wrote on ${var.from}: set cut_over = false to copy those records, then cut over again."
    }
  }
}

resource "geokafka_acl" "this" {
  for_each = local.acls

  cluster       = each.value.cluster
  principal     = each.value.principal
  operation     = each.value.operation
  permission    = "ALLOW"
  resource_type = each.value.resource_type
  resource_name = each.value.name
}

check "caught_up" {
  assert {
    condition     = data.geokafka_replication_status.this.max_lag == 0
    error_message = "${var.to} lacks ${data.geokafka_replication_status.this.max_lag} records of ${var.from} (oldest ${data.geokafka_replication_status.this.max_lag_seconds} s old): not ready to cut over yet."
  }
}
