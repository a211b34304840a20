# Take over links whose connectors already run, then plan to see the result.
import {
  to = geokafka_replication_link.dr
  id = "us-east|eu-west"
}

import {
  for_each = local.region_pairs
  to       = geokafka_replication_link.mesh[each.key]
  id       = "${each.value.source}|${each.value.target}"
}
