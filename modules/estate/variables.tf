variable "regions" {
  description = <<-EOT
    Regions of the estate, by name (for example `eu-west`). Each has:
    `cluster`, the key (in the geokafka provider's `clusters`) of its regional cluster, if it has one;
    `jurisdiction`, the legal area its data is in (`eu`, `us`, `in`...), which `residency` of the topic groups refers to;
    `racks`, the `broker.rack` values of its brokers on the multi-region cluster (`stretch_cluster`), if any;
    `offline`, true while the region's cluster is lost (set the provider's `offline` on it too): an active-passive group whose primary it is fails over with `active` set to the other region: the link into it is pending (it starts once the region is back) and its producers keep their bindings there; nothing else on it changes (see the README).
  EOT
  type = map(object({
    cluster      = optional(string)
    jurisdiction = string
    racks        = optional(list(string), [])
    offline      = optional(bool, false)
  }))

  validation {
    condition     = length(var.regions) > 0 && alltrue([for r in keys(var.regions) : can(regex("^[A-Za-z0-9._-]+$", r))])
    error_message = "regions must hold at least one region, named with letters, digits, '.', '_' or '-'."
  }

  validation {
    condition     = alltrue([for r in values(var.regions) : r.cluster == null || can(regex("^[A-Za-z0-9._-]+$", r.cluster))])
    error_message = "A region's cluster must be a cluster key of the provider: letters, digits, '.', '_' or '-'."
  }

  validation {
    condition     = length(compact([for r in values(var.regions) : r.cluster])) == length(distinct(compact([for r in values(var.regions) : r.cluster])))
    error_message = "Two regions name the same cluster: every regional cluster belongs to one region."
  }

  validation {
    condition     = alltrue([for r in values(var.regions) : r.cluster != null || length(r.racks) > 0])
    error_message = "Every region needs a cluster, racks on the multi-region cluster, or both."
  }

  validation {
    condition     = length(flatten([for r in values(var.regions) : r.racks])) == length(distinct(flatten([for r in values(var.regions) : r.racks]))) && alltrue([for rack in flatten([for r in values(var.regions) : r.racks]) : rack != ""])
    error_message = "A rack belongs to one region: racks must be non-empty and appear once across all regions."
  }

  validation {
    condition     = alltrue([for r in values(var.regions) : can(regex("^[A-Za-z0-9._-]+$", r.jurisdiction))])
    error_message = "Every region needs a jurisdiction, such as \"eu\" or \"us\" (letters, digits, '.', '_' or '-')."
  }
}

variable "stretch_cluster" {
  description = "Key of the multi-region cluster whose brokers sit in several regions (their `broker.rack` values are the regions' `racks`). Geo-partitioned and stretched topic groups live there. Null when the estate has none."
  type        = string
  default     = null

  validation {
    condition     = var.stretch_cluster == null || can(regex("^[A-Za-z0-9._-]+$", var.stretch_cluster))
    error_message = "stretch_cluster must be a cluster key of the provider: letters, digits, '.', '_' or '-'."
  }
}

variable "topic_groups" {
  description = <<-EOT
    Topic groups by name. Every topic of a group has the group's topology:
    `local`: the topics in every region of `regions`, never copied;
    `active-passive`: `regions` is the pair [primary, secondary]; the topics on both, copied with identity names from `active` (default the first) to the other;
    `active-active`: the topics in every region, copied to every other region with prefixed names (`eu-west.orders`);
    `aggregate`: the topics in every region of `regions` (the spokes), copied with prefixed names into `hub`, with every spoke topic that `patterns` selects;
    `geo-partitioned`: one topic on `stretch_cluster` whose partitions each belong to one region of `regions`;
    `stretched`: one topic on `stretch_cluster` with replicas in every region of `regions`, leaders in the first.
    `residency` lists the jurisdictions the group's data may live in (empty: anywhere).
    For each topic: `partitions` (per cluster; per region for geo-partitioned), `replication_factor` (per cluster; replicas in each region for geo-partitioned and stretched), `config`, and `overrides` of these by region.
  EOT
  type = map(object({
    topology  = string
    regions   = list(string)
    hub       = optional(string)
    active    = optional(string)
    residency = optional(list(string), [])
    patterns  = optional(list(string), [])
    topics = map(object({
      partitions         = number
      replication_factor = number
      config             = optional(map(string), {})
      overrides = optional(map(object({
        partitions         = optional(number)
        replication_factor = optional(number)
        config             = optional(map(string), {})
      })), {})
    }))
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for g, grp in var.topic_groups : contains(["local", "active-passive", "active-active", "aggregate", "geo-partitioned", "stretched"], grp.topology)])
    error_message = "Every topic group's topology must be one of local, active-passive, active-active, aggregate, geo-partitioned, stretched."
  }

  validation {
    condition     = alltrue([for g in keys(var.topic_groups) : can(regex("^[A-Za-z0-9._-]+$", g))])
    error_message = "Topic group names must be letters, digits, '.', '_' or '-'."
  }

  validation {
    condition     = alltrue([for grp in values(var.topic_groups) : length(grp.regions) > 0 && length(grp.regions) == length(distinct(grp.regions))])
    error_message = "Every topic group must list at least one region, each once."
  }

  validation {
    condition     = alltrue([for grp in values(var.topic_groups) : grp.topology != "active-passive" || length(grp.regions) == 2])
    error_message = "An active-passive group lists exactly two regions: [primary, secondary]."
  }

  validation {
    condition     = alltrue([for grp in values(var.topic_groups) : grp.topology != "active-active" || length(grp.regions) >= 2])
    error_message = "An active-active group lists at least two regions."
  }

  validation {
    condition     = alltrue([for grp in values(var.topic_groups) : (grp.topology == "aggregate") == (grp.hub != null) && (grp.hub == null || !contains(grp.regions, coalesce(grp.hub, "-")))])
    error_message = "hub is set on aggregate groups only, and there it is required and not one of the group's regions (the spokes)."
  }

  validation {
    condition     = alltrue([for grp in values(var.topic_groups) : grp.active == null || (grp.topology == "active-passive" && contains(grp.regions, coalesce(grp.active, "-")))])
    error_message = "active is set on active-passive groups only, and names one of the group's two regions."
  }

  validation {
    condition     = alltrue([for grp in values(var.topic_groups) : length(grp.patterns) == 0 || grp.topology == "aggregate"]) && alltrue(flatten([for grp in values(var.topic_groups) : [for p in grp.patterns : p != "" && !strcontains(p, ",") && can(regexall(p, ""))]]))
    error_message = "patterns is set on aggregate groups only: regular expressions (RE2, matched against whole names), non-empty and without commas."
  }

  validation {
    condition     = alltrue([for grp in values(var.topic_groups) : length(grp.topics) > 0 || length(grp.patterns) > 0])
    error_message = "Every topic group needs at least one topic (an aggregate group may select topics with patterns instead)."
  }

  validation {
    condition     = alltrue(flatten([for grp in values(var.topic_groups) : [for t in keys(grp.topics) : can(regex("^[a-zA-Z0-9._-]{1,249}$", t)) && t != "." && t != ".."]]))
    error_message = "Topic names must be 1-249 characters of [a-zA-Z0-9._-], and not \".\" or \"..\"."
  }

  validation {
    condition     = length(flatten([for grp in values(var.topic_groups) : keys(grp.topics)])) == length(distinct(flatten([for grp in values(var.topic_groups) : keys(grp.topics)])))
    error_message = "A topic belongs to one topic group: every topic name appears once across all groups (give a topic different settings per region with overrides)."
  }

  validation {
    condition = alltrue(flatten([for grp in values(var.topic_groups) : [
      for t in keys(grp.topics) : !startswith(t, "__") && !startswith(t, ".") && !endswith(t, ".internal") && !endswith(t, "-internal")
    ] if contains(["active-passive", "active-active", "aggregate"], grp.topology)]))
    error_message = "MirrorMaker never copies topics whose names start with \"__\" or \".\", or end with \".internal\" or \"-internal\": rename such topics of active-passive, active-active and aggregate groups."
  }

  validation {
    condition = alltrue(flatten([for grp in values(var.topic_groups) : [
      for t in values(grp.topics) : concat(
        [t.partitions >= 1, floor(t.partitions) == t.partitions, t.replication_factor >= 1, floor(t.replication_factor) == t.replication_factor],
        [for o in values(t.overrides) : (o.partitions == null || try(o.partitions >= 1 && floor(o.partitions) == o.partitions, false)) && (o.replication_factor == null || try(o.replication_factor >= 1 && floor(o.replication_factor) == o.replication_factor, false))],
      )
    ]]))
    error_message = "partitions and replication_factor (and their overrides) must be whole numbers of at least 1."
  }

  validation {
    condition     = alltrue(flatten([for grp in values(var.topic_groups) : [for t in values(grp.topics) : [for r in keys(t.overrides) : contains(grp.regions, r)]]]))
    error_message = "Every key of a topic's overrides must be one of its group's regions."
  }

  validation {
    condition = alltrue(flatten([for grp in values(var.topic_groups) : [for t in values(grp.topics) : [
      for o in values(t.overrides) : (grp.topology != "stretched" || (o.partitions == null && length(o.config) == 0)) && (grp.topology != "geo-partitioned" || length(o.config) == 0)
    ]]]))
    error_message = "A geo-partitioned or stretched topic is one topic: its overrides may change a region's replication_factor (and, geo-partitioned, its partitions), never config; a stretched topic's partitions are the same in every region."
  }

  validation {
    condition     = alltrue(flatten([for grp in values(var.topic_groups) : [for j in grp.residency : can(regex("^[A-Za-z0-9._-]+$", j))]]))
    error_message = "residency lists jurisdictions, as the regions spell them (\"eu\", \"us\"...)."
  }
}

variable "principals" {
  description = "Principals (`User:<name>`) by name, with the topic groups they write to (`produces`: WRITE and DESCRIBE), read from (`consumes`: READ and DESCRIBE), the consumer groups they read with (`consumer_groups`: READ on each, wherever they consume), and optionally the only `regions` they run in (default: everywhere the groups live). Which clusters and topics each grant covers follows the group's topology: see the README."
  type = map(object({
    produces        = optional(list(string), [])
    consumes        = optional(list(string), [])
    consumer_groups = optional(list(string), [])
    regions         = optional(list(string))
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for p in keys(var.principals) : can(regex("^[A-Za-z]+:[^|]+$", p))])
    error_message = "Principal names must look like User:alice (a principal type, a colon, a name without '|')."
  }

  validation {
    condition     = alltrue([for p in values(var.principals) : length(p.produces) + length(p.consumes) > 0])
    error_message = "Every principal produces or consumes at least one topic group."
  }

  validation {
    condition     = alltrue(flatten([for p in values(var.principals) : [for g in p.consumer_groups : g != "" && !strcontains(g, ",") && !strcontains(g, "|")]]))
    error_message = "consumer_groups must be non-empty names without commas or '|'."
  }
}

variable "residency_rules" {
  description = "Residency rules of the root module, in the provider's form (`{ topics = \"^eu\\\\.\", allowed_clusters = [\"eu-west\"] }`), on top of the ones the module derives from the groups' `residency`. They come first in the `residency_rules` output (pass that to the provider), and the estate's own topics are checked against them at plan."
  type = list(object({
    topics           = string
    allowed_clusters = list(string)
  }))
  default  = []
  nullable = false

  validation {
    condition     = alltrue([for r in var.residency_rules : r.topics != "" && !strcontains(r.topics, ",") && can(regexall(r.topics, "")) && length(r.allowed_clusters) > 0])
    error_message = "Every residency rule needs a valid regular expression without commas in topics, and at least one allowed cluster."
  }
}

variable "link_settings" {
  description = "Settings of every replication link: `sync_group_offsets` (write translated consumer-group offsets on the target), `start_from` (`earliest` or `latest`, for partitions a link has no position in yet), `replication_factor` of the remote and internal topics the links create (`-1`: the target's default) and extra MirrorMaker properties (`config`)."
  type = object({
    sync_group_offsets = optional(bool, true)
    start_from         = optional(string, "earliest")
    replication_factor = optional(number, -1)
    config             = optional(map(string), {})
  })
  default  = {}
  nullable = false

  validation {
    condition     = contains(["earliest", "latest"], var.link_settings.start_from)
    error_message = "link_settings.start_from must be \"earliest\" or \"latest\"."
  }

  validation {
    condition     = var.link_settings.replication_factor == -1 || var.link_settings.replication_factor >= 1
    error_message = "link_settings.replication_factor must be -1 (the target's default) or at least 1."
  }
}

variable "health_check" {
  description = "The `check` on every link of the estate, read with `geokafka_replication_status` at every plan and apply: it warns when a link is not running, when a copied topic lacks more than `max_lag` records on the target, or when the oldest record a target lacks is older than `max_lag_seconds` (the link's recovery point, an RPO budget). `enabled = false` turns it off (for example in a plan that must not reach Kafka Connect)."
  type = object({
    enabled         = optional(bool, true)
    max_lag         = optional(number, 10000)
    max_lag_seconds = optional(number, 300)
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.health_check.max_lag >= 0
    error_message = "health_check.max_lag is a number of records: 0 or more."
  }

  validation {
    condition     = var.health_check.max_lag_seconds >= 0
    error_message = "health_check.max_lag_seconds is a number of seconds: 0 or more."
  }
}

variable "prometheus" {
  description = "The Prometheus alerting rules of the `prometheus_rules` output: the rule group's `group_name`, the `metric_prefix` (and `lowercase_metric_names`) the JMX exporter gives MirrorMaker's metrics, `labels` added to every alert, and for each alert its threshold and `for_duration` (Prometheus' `for`). `link_down` fires when a link's source connector exports no metrics."
  type = object({
    group_name             = optional(string, "geokafka-replication")
    metric_prefix          = optional(string, "kafka_connect_mirror_")
    lowercase_metric_names = optional(bool, false)
    labels                 = optional(map(string), { severity = "warning" })
    replication_latency = optional(object({
      threshold_ms = optional(number, 30000)
      for_duration = optional(string, "5m")
    }), {})
    record_age = optional(object({
      threshold_ms = optional(number, 60000)
      for_duration = optional(string, "5m")
    }), {})
    checkpoint_latency = optional(object({
      threshold_ms = optional(number, 120000)
      for_duration = optional(string, "10m")
    }), {})
    link_down = optional(object({
      enabled      = optional(bool, true)
      for_duration = optional(string, "10m")
    }), {})
  })
  default  = {}
  nullable = false

  validation {
    condition     = can(regex("^[a-zA-Z_:][a-zA-Z0-9_:]*$", var.prometheus.metric_prefix)) && var.prometheus.group_name != ""
    error_message = "prometheus.metric_prefix must be a valid start of a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*), and group_name non-empty."
  }

  validation {
    condition = alltrue([
      for d in [var.prometheus.replication_latency.for_duration, var.prometheus.record_age.for_duration, var.prometheus.checkpoint_latency.for_duration, var.prometheus.link_down.for_duration] :
      can(regex("^([0-9]+(ms|s|m|h|d|w|y))+$", d))
    ])
    error_message = "Every for_duration must be a Prometheus duration such as 30s, 5m or 1h30m."
  }

  validation {
    condition     = alltrue([for t in [var.prometheus.replication_latency.threshold_ms, var.prometheus.record_age.threshold_ms, var.prometheus.checkpoint_latency.threshold_ms] : t > 0])
    error_message = "Every threshold_ms must be more than 0."
  }

  validation {
    condition     = alltrue([for k in keys(var.prometheus.labels) : can(regex("^[a-zA-Z_][a-zA-Z0-9_]*$", k))])
    error_message = "prometheus.labels keys must be Prometheus label names ([a-zA-Z_][a-zA-Z0-9_]*)."
  }
}

variable "force_destroy" {
  description = "Passed to every topic: allow destroying a topic that holds records. Set it to true and apply before destroying. Copies the links made are never destroyed by this module."
  type        = bool
  default     = false
  nullable    = false
}
