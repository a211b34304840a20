locals {
  topic_names = sort(keys(var.topics))

  # Every topic in every region, keyed like the topic ids: "<region>/<topic>".
  local_topics = {
    for pair in setproduct(var.regions, local.topic_names) :
    "${pair[0]}/${pair[1]}" => { region = pair[0], topic = pair[1] }
  }

  # Every ordered pair of two different regions, keyed like the link ids:
  # "<source>|<target>". N regions make N * (N - 1) links.
  links = {
    for pair in setproduct(var.regions, var.regions) :
    "${pair[0]}|${pair[1]}" => { source = pair[0], target = pair[1] }
    if pair[0] != pair[1]
  }

  # Each link selects exactly the local topics, matched against whole names:
  # the copies a region holds (us-east.orders on eu-west) never match, so each
  # region receives every topic once, from the region that writes it. Topic
  # names have no regular-expression characters besides ".".
  topic_patterns = [for t in local.topic_names : replace(t, ".", "\\.")]

  # What a consumer in each region subscribes to: the local topics, then the
  # copies from every other region, in the order of var.regions.
  subscriptions = {
    for r in var.regions : r => concat(
      local.topic_names,
      flatten([
        for src in var.regions : [
          for t in local.topic_names : provider::geokafka::remote_topic_name(src, t)
        ] if src != r
      ]),
    )
  }

  # A local topic named like a copy ("us-east.orders") would be taken by
  # MirrorMaker for a copy from that region and never sent back there.
  copy_like_topics = [
    for t in local.topic_names : t
    if anytrue([for r in var.regions : startswith(t, "${r}.")])
  ]
  first_topic_key = "${var.regions[0]}/${local.topic_names[0]}"
}

resource "geokafka_topic" "this" {
  for_each = local.local_topics

  cluster            = each.value.region
  name               = each.value.topic
  partitions         = var.topics[each.value.topic].partitions
  replication_factor = var.topics[each.value.topic].replication_factor
  config             = var.topics[each.value.topic].config
  force_destroy      = var.force_destroy

  lifecycle {
    # Reported by one topic only, so the error appears once.
    precondition {
      condition     = each.key != local.first_topic_key || length(local.copy_like_topics) == 0
      error_message = "Topic names must not start with a region key and a dot (${join(", ", local.copy_like_topics)}): MirrorMaker takes such a topic for a copy from that region and never replicates it there."
    }
  }
}

resource "geokafka_replication_link" "this" {
  for_each = local.links

  source = each.value.source
  target = each.value.target

  # Prefixed names (us-east.orders): links in both directions never loop,
  # and the names are those of provider::geokafka::remote_topic_name.
  naming = "prefixed"
  topics = local.topic_patterns

  sync_group_offsets = var.sync_group_offsets
  replication_factor = var.replication_factor
  config             = var.link_config

  # Links start once the topics exist, and stop before they are destroyed.
  depends_on = [geokafka_topic.this]
}
