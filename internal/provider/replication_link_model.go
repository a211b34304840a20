package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/geokafka/terraform-provider-geokafka/internal/connect"
	"github.com/geokafka/terraform-provider-geokafka/internal/replication"
)

type linkModel struct {
	ID                       types.String   `tfsdk:"id"`
	Source                   types.String   `tfsdk:"source"`
	Target                   types.String   `tfsdk:"target"`
	Topics                   types.List     `tfsdk:"topics"`
	TopicsExclude            types.List     `tfsdk:"topics_exclude"`
	Groups                   types.List     `tfsdk:"groups"`
	GroupsExclude            types.List     `tfsdk:"groups_exclude"`
	Naming                   types.String   `tfsdk:"naming"`
	SourceAlias              types.String   `tfsdk:"source_alias"`
	Separator                types.String   `tfsdk:"separator"`
	SyncGroupOffsets         types.Bool     `tfsdk:"sync_group_offsets"`
	SyncTopicConfigs         types.Bool     `tfsdk:"sync_topic_configs"`
	EmitHeartbeats           types.Bool     `tfsdk:"emit_heartbeats"`
	EmitCheckpoints          types.Bool     `tfsdk:"emit_checkpoints"`
	ReplicationFactor        types.Int64    `tfsdk:"replication_factor"`
	OffsetSyncsTopicLocation types.String   `tfsdk:"offset_syncs_topic_location"`
	TasksMax                 types.Int64    `tfsdk:"tasks_max"`
	StartFrom                types.String   `tfsdk:"start_from"`
	StartOffsets             types.Map      `tfsdk:"start_offsets"`
	State                    types.String   `tfsdk:"state"`
	Config                   types.Map      `tfsdk:"config"`
	ResidencyExcludes        types.List     `tfsdk:"residency_excludes"`
	ConnectorBootstrap       types.Map      `tfsdk:"connector_bootstrap_servers"`
	ConnectorSecrets         types.Map      `tfsdk:"connector_secrets"`
	ConnectorNames           types.List     `tfsdk:"connector_names"`
	Status                   types.Map      `tfsdk:"status"`
	ResumeFrom               types.Map      `tfsdk:"resume_from"`
	StrandedRecords          types.Map      `tfsdk:"stranded_records"`
	Timeouts                 timeouts.Value `tfsdk:"timeouts"`
}

// link builds the pure description of the link from the model, and the
// client of the Connect cluster its connectors run on.
func (r *linkResource) link(ctx context.Context, m linkModel) (replication.Link, *connect.Client, error) {
	src, target := m.Source.ValueString(), m.Target.ValueString()
	sc, ok1 := r.data.clusters.Config(src)
	tc, ok2 := r.data.clusters.Config(target)
	if !ok1 || !ok2 {
		missing := src
		if ok1 {
			missing = target
		}
		return replication.Link{}, nil, fmt.Errorf("cluster %q is not configured in the provider; configured clusters: %s",
			missing, strings.Join(r.data.clusters.Keys(), ", "))
	}
	cc, err := r.data.connectOf(target)
	if err != nil {
		return replication.Link{}, nil, err
	}
	sp, err := sc.JavaClientProperties()
	if err != nil {
		return replication.Link{}, nil, fmt.Errorf("cluster %q: %w", src, err)
	}
	tp, err := tc.JavaClientProperties()
	if err != nil {
		return replication.Link{}, nil, fmt.Errorf("cluster %q: %w", target, err)
	}
	extra, d := stringMap(ctx, m.Config)
	if d.HasError() && fullyKnown(m.Config) {
		return replication.Link{}, nil, errors.New("config is not a map of strings")
	}
	l := replication.Link{
		Source:                   replication.Endpoint{Key: src, Bootstrap: sc.ConnectBootstrap(), Client: sp},
		Target:                   replication.Endpoint{Key: target, Bootstrap: tc.ConnectBootstrap(), Client: tp},
		SourceAlias:              m.SourceAlias.ValueString(),
		Naming:                   m.Naming.ValueString(),
		Separator:                m.Separator.ValueString(),
		SyncGroupOffsets:         m.SyncGroupOffsets.ValueBool(),
		SyncTopicConfigs:         m.SyncTopicConfigs.ValueBool(),
		EmitHeartbeats:           m.EmitHeartbeats.ValueBool(),
		EmitCheckpoints:          m.EmitCheckpoints.ValueBool(),
		ReplicationFactor:        int(m.ReplicationFactor.ValueInt64()),
		OffsetSyncsTopicLocation: m.OffsetSyncsTopicLocation.ValueString(),
		TasksMax:                 int(m.TasksMax.ValueInt64()),
		StartFrom:                m.StartFrom.ValueString(),
		Extra:                    extra,
		ResidencyExcludes:        replication.ResidencyExcludesFor(r.data.residency, target),
	}
	l.Topics, _ = listStrings(m.Topics)
	l.TopicsExclude, _ = listStrings(m.TopicsExclude)
	l.Groups, _ = listStrings(m.Groups)
	l.GroupsExclude, _ = listStrings(m.GroupsExclude)
	if l.SourceAlias == "" {
		l.SourceAlias = src
	}
	return l, cc, nil
}

// setComputed records what the link derives from its arguments.
func setComputed(plan *linkModel, l replication.Link) {
	plan.ID = types.StringValue(l.ID())
	plan.SourceAlias = types.StringValue(l.SourceAlias)
	plan.ConnectorNames = connectorNames(replication.ConnectorNames(l.Source.Key, l.Target.Key), l.EmitCheckpoints, l.EmitHeartbeats)
	plan.ResidencyExcludes = stringList(l.ResidencyExcludes)
	plan.ConnectorBootstrap = connectorBootstrap(l)
	plan.ConnectorSecrets = connectorSecrets(l)
}

// connectorBootstrap is what the connectors are given to reach each end.
func connectorBootstrap(l replication.Link) types.Map {
	return types.MapValueMust(types.StringType, map[string]attr.Value{
		"source": types.StringValue(strings.Join(l.Source.Bootstrap, ",")),
		"target": types.StringValue(strings.Join(l.Target.Bootstrap, ",")),
	})
}

// connectorSecrets is how the connectors carry each end's secrets.
func connectorSecrets(l replication.Link) types.Map {
	return types.MapValueMust(types.StringType, map[string]attr.Value{
		"source": types.StringValue(replication.SecretsIn(l.Source.Client)),
		"target": types.StringValue(replication.SecretsIn(l.Target.Client)),
	})
}

func connectorNames(n replication.Names, checkpoints, heartbeats bool) types.List {
	return stringList(n.List(checkpoints, heartbeats))
}

// statusMap describes the state of each connector found and its tasks.
func statusMap(found map[string]connect.Status) types.Map {
	out := make(map[string]attr.Value, len(found))
	for name, st := range found {
		out[name] = types.StringValue(replication.DescribeStatus(st))
	}
	return types.MapValueMust(types.StringType, out)
}

// readArguments takes the arguments back from the source connector's
// configuration, so that a change made through the Connect REST API is
// drift; a setting the configuration lacks keeps its state. Of config, only
// the keys declared are read.
func readArguments(st *linkModel, cfg map[string]string, required []string, d *diag.Diagnostics) {
	a := replication.ArgumentsFromConfig(cfg, required)
	st.Topics, st.TopicsExclude = stringList(a.Topics), stringList(a.TopicsExclude)
	st.Groups, st.GroupsExclude = stringList(a.Groups), stringList(a.GroupsExclude)
	st.ResidencyExcludes = stringList(a.ResidencyExcludes)
	bootstrap := map[string]attr.Value{}
	for end, v := range a.Bootstrap {
		bootstrap[end] = types.StringValue(v)
	}
	st.ConnectorBootstrap = types.MapValueMust(types.StringType, bootstrap)
	st.ConnectorSecrets = types.MapValueMust(types.StringType, map[string]attr.Value{
		"source": types.StringValue(a.Secrets["source"]), "target": types.StringValue(a.Secrets["target"])})
	st.Naming, st.StartFrom = types.StringValue(a.Naming), types.StringValue(a.StartFrom)
	setRead(&st.SourceAlias, a.SourceAlias, types.StringValue)
	setRead(&st.Separator, a.Separator, types.StringValue)
	setRead(&st.OffsetSyncsTopicLocation, a.OffsetSyncsTopicLocation, types.StringValue)
	setRead(&st.SyncGroupOffsets, a.SyncGroupOffsets, types.BoolValue)
	setRead(&st.SyncTopicConfigs, a.SyncTopicConfigs, types.BoolValue)
	setRead(&st.TasksMax, a.TasksMax, types.Int64Value)
	setRead(&st.ReplicationFactor, a.ReplicationFactor, types.Int64Value)
	if !st.Config.IsNull() {
		out := map[string]attr.Value{}
		for k := range st.Config.Elements() {
			if v, ok := cfg[k]; ok {
				out[k] = types.StringValue(v)
			}
		}
		m, dd := types.MapValue(types.StringType, out)
		d.Append(dd...)
		st.Config = m
	}
}

// setRead sets *dst to the value read, if one was.
func setRead[T, V any](dst *V, read *T, value func(T) V) {
	if read != nil {
		*dst = value(*read)
	}
}

// pendingStatus marks, in status, a link created while its target was
// offline: it has no connectors yet and starts at resume_from.
const pendingStatus = "PENDING: the target cluster was offline; the link starts at resume_from once it is back"

func isPending(m linkModel) bool {
	source := replication.ConnectorNames(m.Source.ValueString(), m.Target.ValueString()).Source
	v, ok := m.Status.Elements()[source].(types.String)
	return ok && v.ValueString() == pendingStatus
}

// pendingStatusMap is the status of a pending link.
func pendingStatusMap(l replication.Link) types.Map {
	source := replication.ConnectorNames(l.Source.Key, l.Target.Key).Source
	return types.MapValueMust(types.StringType, map[string]attr.Value{source: types.StringValue(pendingStatus)})
}

// resumeFromMap writes end offsets by topic and partition as resume_from.
func resumeFromMap(ends map[string]map[int32]int64) types.Map {
	out := map[string]attr.Value{}
	for k, o := range replication.ResumeFrom(ends) {
		out[k] = types.Int64Value(o)
	}
	return types.MapValueMust(types.Int64Type, out)
}

// strandedMap writes record counts by topic as stranded_records.
func strandedMap(counts map[string]int64) types.Map {
	out := map[string]attr.Value{}
	for t, n := range counts {
		out[t] = types.Int64Value(n)
	}
	return types.MapValueMust(types.Int64Type, out)
}

// resumeOffsets turns resume_from back into offsets by topic and partition.
func resumeOffsets(m types.Map) map[string]map[int32]int64 {
	in := map[string]int64{}
	for k, v := range m.Elements() {
		if n, ok := v.(types.Int64); ok {
			in[k] = n.ValueInt64()
		}
	}
	return replication.ParseResumeFrom(in)
}
