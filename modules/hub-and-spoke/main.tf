locals {
  # Copies of the hub's own topics held by a spoke (`<hub>.orders`) are never
  # sent back to the hub (MirrorMaker treats them as a cycle anyway); the
  # module's `exclude` follows.
  hub_copies = "${replace(var.hub, "/([.+*?()|\\[\\]{}^$\\\\])/", "\\$1")}\\..*"
  excludes   = concat([local.hub_copies], var.exclude)
}

# One link from each spoke into the hub, with prefixed names: `orders` of
# eu-west is `eu-west.orders` on the hub, so the copies of every spoke sit
# side by side and never collide. The provider adds its residency rules that
# keep topics away from the hub to every link (`residency_excludes`).
resource "geokafka_replication_link" "this" {
  for_each = toset(var.spokes)

  source = each.key
  target = var.hub
  naming = "prefixed"

  topics         = var.topics
  topics_exclude = local.excludes
  config         = var.link_config

  lifecycle {
    precondition {
      condition     = !contains(var.spokes, var.hub)
      error_message = "The hub (${var.hub}) cannot also be a spoke: a link copies between two different clusters. Remove it from spokes."
    }
  }
}
