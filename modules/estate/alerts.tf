# Watching the links: a health check per link at every plan and apply, and
# Prometheus alerting rules (the prometheus_rules output).

locals {
  # The links that touch no offline region. The provider reads nothing on an
  # offline cluster, so the others get neither the health check nor alerting
  # rules until it is back.
  watched_links = {
    for k, l in local.links : k => l
    if !contains(local.offline, l.source) && !contains(local.offline, l.target)
  }

  # Prometheus alerting rules for the links, on MirrorMaker's metrics as the
  # Prometheus JMX exporter names them by default (no rules): the MBean
  # kafka.connect.mirror:type=MirrorSourceConnector,target=<alias>,topic=<topic>,partition=<n>
  # becomes kafka_connect_mirror_MirrorSourceConnector_<attribute> with the
  # labels target, topic and partition (and source, on Kafka versions that tag
  # it). The topic label is the remote topic, so a link's series are those of
  # its target with its remote topic names. Links that touch an offline region
  # get no rules until it is back: their alerts would only say that it is lost.
  metric_suffixes = {
    replication_latency = "MirrorSourceConnector_replication_latency_ms_max"
    record_age          = "MirrorSourceConnector_record_age_ms_max"
    byte_rate           = "MirrorSourceConnector_byte_rate"
    checkpoint_latency  = "MirrorCheckpointConnector_checkpoint_latency_ms_max"
  }
  metrics = {
    for k, s in local.metric_suffixes : k => "${var.prometheus.metric_prefix}${var.prometheus.lowercase_metric_names ? lower(s) : s}"
  }

  # Remote names of what each link copies, as one regular expression (RE2,
  # fully anchored, like the link's own patterns), written between backticks
  # in PromQL so that nothing needs escaping.
  remote_topic_regex = {
    for k, l in local.watched_links : k => join("|", l.naming == "identity" ? l.topics : [for p in l.topics : "${replace(l.source, ".", "\\.")}\\.(?:${p})"])
  }

  # Labels of every alert of a link.
  alert_labels = {
    for k, l in local.watched_links : k => merge(var.prometheus.labels, {
      link = "${l.source}|${l.target}", source_cluster = l.source, target_cluster = l.target
    })
  }

  alert_rules = flatten([
    for k, l in local.watched_links : concat(
      [
        {
          alert  = "GeokafkaReplicationLatencyHigh"
          expr   = "max by (target, topic) (${local.metrics.replication_latency}{target=\"${l.target}\", topic=~`${local.remote_topic_regex[k]}`}) > ${var.prometheus.replication_latency.threshold_ms}"
          "for"  = var.prometheus.replication_latency.for_duration
          labels = local.alert_labels[k]
          annotations = {
            summary     = "Replication ${l.source} -> ${l.target} is slow"
            description = "Records of {{ $labels.topic }} take up to {{ $value }} ms to reach ${l.target} from ${l.source} (limit ${var.prometheus.replication_latency.threshold_ms} ms)."
          }
        },
        {
          alert  = "GeokafkaReplicationLagHigh"
          expr   = "max by (target, topic) (${local.metrics.record_age}{target=\"${l.target}\", topic=~`${local.remote_topic_regex[k]}`}) > ${var.prometheus.record_age.threshold_ms}"
          "for"  = var.prometheus.record_age.for_duration
          labels = local.alert_labels[k]
          annotations = {
            summary     = "Replication ${l.source} -> ${l.target} is behind"
            description = "Records of {{ $labels.topic }} are up to {{ $value }} ms old when they are copied to ${l.target} (limit ${var.prometheus.record_age.threshold_ms} ms): the link is falling behind ${l.source}."
          }
        },
        {
          alert  = "GeokafkaCheckpointLatencyHigh"
          expr   = "max by (source, target, group) (${local.metrics.checkpoint_latency}{source=\"${l.source}\", target=\"${l.target}\"}) > ${var.prometheus.checkpoint_latency.threshold_ms}"
          "for"  = var.prometheus.checkpoint_latency.for_duration
          labels = local.alert_labels[k]
          annotations = {
            summary     = "Offset translation ${l.source} -> ${l.target} is late"
            description = "Translated offsets of consumer group {{ $labels.group }} reach ${l.target} up to {{ $value }} ms late (limit ${var.prometheus.checkpoint_latency.threshold_ms} ms): consumers that fail over would re-read more."
          }
        },
      ],
      var.prometheus.link_down.enabled ? [
        {
          alert  = "GeokafkaReplicationLinkDown"
          expr   = "absent(${local.metrics.byte_rate}{target=\"${l.target}\", topic=~`${local.remote_topic_regex[k]}`})"
          "for"  = var.prometheus.link_down.for_duration
          labels = local.alert_labels[k]
          annotations = {
            summary     = "Replication ${l.source} -> ${l.target} reports nothing"
            description = "No task of the source connector of the link ${l.source} -> ${l.target} exports metrics for the topics it copies: the link is not running, or Prometheus does not scrape its Kafka Connect workers."
          }
        },
      ] : [],
    )
  ])

  prometheus_rules = yamlencode({
    groups = length(local.alert_rules) == 0 ? [] : [{ name = var.prometheus.group_name, rules = local.alert_rules }]
  })
}

# A check per link (a check block cannot repeat itself, and the data source
# nested in it cannot have for_each): warns at plan and apply when a link is
# not running or is behind. It waits for the apply when a link has changes.
module "link_health" {
  source = "./modules/link-health"
  # Not on a link of an offline cluster: the provider reads nothing there.
  for_each = var.health_check.enabled ? local.watched_links : {}

  source_cluster  = each.value.source
  target_cluster  = each.value.target
  max_lag         = var.health_check.max_lag
  max_lag_seconds = var.health_check.max_lag_seconds

  depends_on = [geokafka_replication_link.this]
}
