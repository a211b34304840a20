package provider

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/geokafka/terraform-provider-geokafka/internal/connect"
	"github.com/geokafka/terraform-provider-geokafka/internal/diags"
	"github.com/geokafka/terraform-provider-geokafka/internal/kafka"
	"github.com/geokafka/terraform-provider-geokafka/internal/replication"
)

var (
	_ resource.Resource                   = (*linkResource)(nil)
	_ resource.ResourceWithConfigure      = (*linkResource)(nil)
	_ resource.ResourceWithImportState    = (*linkResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*linkResource)(nil)
	_ resource.ResourceWithValidateConfig = (*linkResource)(nil)
)

// Link states as users write them, and the Connect states they map to.
var linkStates = map[string]string{"running": connect.Running, "paused": connect.Paused, "stopped": connect.Stopped}

type linkResource struct{ resourceBase }

// NewReplicationLinkResource is the constructor of geokafka_replication_link.
func NewReplicationLinkResource() resource.Resource { return &linkResource{} }

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
	State                    types.String   `tfsdk:"state"`
	Config                   types.Map      `tfsdk:"config"`
	ResidencyExcludes        types.List     `tfsdk:"residency_excludes"`
	ConnectorNames           types.List     `tfsdk:"connector_names"`
	Status                   types.Map      `tfsdk:"status"`
	ResumeFrom               types.Map      `tfsdk:"resume_from"`
	Timeouts                 timeouts.Value `tfsdk:"timeouts"`
}

func (r *linkResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_replication_link"
}

func patternList(desc string, required bool) schema.ListAttribute {
	a := schema.ListAttribute{
		MarkdownDescription: desc,
		ElementType:         types.StringType,
		Validators:          []validator.List{listvalidator.ValueStringsAre(patternValidator{})},
	}
	if required {
		a.Required = true
		a.Validators = append(a.Validators, listvalidator.SizeAtLeast(1))
	} else {
		a.Optional, a.Computed = true, true
		a.Default = listdefault.StaticValue(types.ListValueMust(types.StringType, nil))
	}
	return a
}

func (r *linkResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Copies topics (and consumer-group offsets) from one cluster to another with MirrorMaker 2, run as connectors on the " +
			"Kafka Connect cluster of the target (its `connect_url`). Destroying the link stops copying; it never deletes the copied topics or their data. " +
			"ACL sync is always off: ACLs are managed with `geokafka_acl`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{MarkdownDescription: "`<source>|<target>`; also the import id.", Computed: true},
			"source": schema.StringAttribute{
				MarkdownDescription: "Cluster key records are copied from. Changing it replaces the link.",
				Required:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"target": schema.StringAttribute{
				MarkdownDescription: "Cluster key records are copied to; its `connect_url` runs the connectors. Changing it replaces the link.",
				Required:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"topics":         patternList("Regular expressions of the source topics to copy; each matches whole names (MirrorMaker's rule). No commas.", true),
			"topics_exclude": patternList("Regular expressions of topics never to copy, besides MirrorMaker's own internal and replica topics and the `residency_excludes`.", false),
			"groups": schema.ListAttribute{
				MarkdownDescription: "Regular expressions of the consumer groups whose offsets are translated (default: all).",
				ElementType:         types.StringType,
				Optional:            true,
				Computed:            true,
				Default:             listdefault.StaticValue(types.ListValueMust(types.StringType, []attr.Value{types.StringValue(".*")})),
				Validators:          []validator.List{listvalidator.ValueStringsAre(patternValidator{})},
			},
			"groups_exclude": patternList("Regular expressions of consumer groups not to translate.", false),
			"naming": schema.StringAttribute{
				MarkdownDescription: "`prefixed` (default): a topic `orders` arrives as `<source_alias><separator>orders`, and links in both directions never loop. " +
					"`identity`: names are kept (for disaster recovery); MirrorMaker cannot detect cycles then, so a link that closes a ring of links with an identity link on it, of any length, is refused at apply (with a warning at plan). " +
					"The provider reads the links it manages from the `connect_url` of every cluster; links applied in the same run see each other. Replacing a link by its reverse (fail-over) works: the old link is deleted first.",
				Optional: true, Computed: true, Default: stringdefault.StaticString(replication.Prefixed),
				Validators: []validator.String{stringvalidator.OneOf(replication.Prefixed, replication.Identity)},
			},
			"source_alias": schema.StringAttribute{
				MarkdownDescription: "Alias of the source in remote topic names; defaults to the source key.",
				Optional:            true, Computed: true,
			},
			"separator": schema.StringAttribute{
				MarkdownDescription: "Separator between alias and topic in remote names (default `.`).",
				Optional:            true, Computed: true, Default: stringdefault.StaticString("."),
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"sync_group_offsets": schema.BoolAttribute{MarkdownDescription: "Write translated consumer-group offsets to the target, so consumers fail over without re-reading everything (default true).", Optional: true, Computed: true, Default: booldefault.StaticBool(true)},
			"sync_topic_configs": schema.BoolAttribute{MarkdownDescription: "Copy topic configuration to remote topics (default true).", Optional: true, Computed: true, Default: booldefault.StaticBool(true)},
			"emit_heartbeats":    schema.BoolAttribute{MarkdownDescription: "Run the heartbeat connector (default true).", Optional: true, Computed: true, Default: booldefault.StaticBool(true)},
			"emit_checkpoints":   schema.BoolAttribute{MarkdownDescription: "Run the checkpoint connector, which translates consumer offsets (default true).", Optional: true, Computed: true, Default: booldefault.StaticBool(true)},
			"replication_factor": schema.Int64Attribute{
				MarkdownDescription: "Replication factor of remote and internal topics MirrorMaker creates on the target; `-1` (default) uses the target's `default.replication.factor`.",
				Optional:            true, Computed: true, Default: int64default.StaticInt64(-1),
				Validators: []validator.Int64{int64validator.Any(int64validator.OneOf(-1), int64validator.AtLeast(1))},
			},
			"offset_syncs_topic_location": schema.StringAttribute{
				MarkdownDescription: "Where MirrorMaker keeps its offset-syncs topic: `source` (default) or `target`.",
				Optional:            true, Computed: true, Default: stringdefault.StaticString("source"),
				Validators: []validator.String{stringvalidator.OneOf("source", "target")},
			},
			"tasks_max": schema.Int64Attribute{
				MarkdownDescription: "Most tasks each connector runs (default 1).",
				Optional:            true, Computed: true, Default: int64default.StaticInt64(1),
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"start_from": schema.StringAttribute{
				MarkdownDescription: "Where a new link starts copying: `earliest` (default: everything the source holds, or where an earlier link in the same direction stopped, since Kafka Connect keeps its positions) or `latest` (only records produced after the link is created: positions an earlier link in this direction left are discarded, which a fail-back needs; Kafka Connect 3.7 or later). Changing it on an existing link only affects partitions it has not read yet.",
				Optional:            true, Computed: true, Default: stringdefault.StaticString("earliest"),
				Validators: []validator.String{stringvalidator.OneOf("earliest", "latest")},
			},
			"state": schema.StringAttribute{
				MarkdownDescription: "`running` (default), `paused` (tasks idle, resumable) or `stopped` (tasks shut down, configuration kept). A connector paused, stopped, failed or deleted outside Terraform shows here as drift (`failed`, `missing`, `mixed` when the connectors disagree).",
				Optional:            true, Computed: true, Default: stringdefault.StaticString("running"),
				Validators: []validator.String{stringvalidator.OneOf("running", "paused", "stopped")},
			},
			"config": schema.MapAttribute{
				MarkdownDescription: "Extra MirrorMaker properties for every connector of the link, for example `refresh.topics.interval.seconds` (the link sets 30) or `offset-syncs.topic.replication.factor`. Keys that arguments own (topics, naming, source and target connections...) are refused at plan.",
				ElementType:         types.StringType,
				Optional:            true,
			},
			"residency_excludes": schema.ListAttribute{
				MarkdownDescription: "Patterns of the provider's `residency` rules that keep topics away from the target; the connectors never copy matching topics nor copies of them under any link's prefix. " +
					"A rule added or changed later, or an exclusion on the connectors that misses a link's prefix, shows here as a change and is applied in place.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"connector_names": schema.ListAttribute{
				MarkdownDescription: "Names of the connectors the link runs on the target's Connect cluster.",
				ElementType:         types.StringType,
				Computed:            true,
			},
			"status": schema.MapAttribute{
				MarkdownDescription: "State of each connector and its tasks, for example `RUNNING (tasks: RUNNING, RUNNING)`.",
				ElementType:         types.StringType,
				Computed:            true,
			},
			"resume_from": schema.MapAttribute{
				MarkdownDescription: "Set when the link is created while its `target` is `offline` in the provider (a fail-over with the passive cluster lost): the source's end offset of every partition the link copies, keyed `<topic>/<partition>`, read at that moment. " +
					"The link is then pending: nothing runs until the target is back, and the first apply after that starts it at these offsets, so the records the target already holds (copied from it before the outage) are not copied back to it. Empty otherwise.",
				ElementType: types.Int64Type,
				Computed:    true,
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{
				Create: true, Update: true, Delete: true,
				CreateDescription: "How long to wait for the connectors and tasks to reach their state (default `5m`).",
				UpdateDescription: "How long an update may take (default `5m`).",
				DeleteDescription: "How long deleting the connectors may take (default `5m`).",
			}),
		},
	}
}

// patternValidator checks topic and group patterns for MirrorMaker.
type patternValidator struct{}

func (patternValidator) Description(context.Context) string {
	return "a regular expression without commas"
}
func (v patternValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }
func (patternValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := replication.CheckPattern(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Pattern", err.Error()+".")
	}
}

func (r *linkResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m linkModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !m.Source.IsUnknown() && !m.Target.IsUnknown() && m.Source.ValueString() == m.Target.ValueString() {
		resp.Diagnostics.AddAttributeError(path.Root("target"), "Link To Itself",
			fmt.Sprintf("source and target are both %q. A link copies between two different clusters.", m.Source.ValueString()))
	}
	for k := range m.Config.Elements() {
		if replication.OwnedKey(k) {
			resp.Diagnostics.AddAttributeError(path.Root("config").AtMapKey(k), "Property Set By The Link",
				fmt.Sprintf("%q is set by the link itself from its arguments (topics, naming, source, target...). Use the matching argument instead.", k))
		}
	}
}

// link builds the pure description of the link from the model.
func (r *linkResource) link(ctx context.Context, m linkModel) (replication.Link, *connect.Client, error) {
	src, target := m.Source.ValueString(), m.Target.ValueString()
	sc, ok1 := r.data.clusters.Config(src)
	tc, ok2 := r.data.clusters.Config(target)
	if !ok1 || !ok2 {
		missing := src
		if ok1 {
			missing = target
		}
		return replication.Link{}, nil, fmt.Errorf("cluster %q is not configured in the provider; configured clusters: %s", missing, strings.Join(r.data.clusters.Keys(), ", "))
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
		Source:      replication.Endpoint{Key: src, Bootstrap: sc.BootstrapServers, Client: sp},
		Target:      replication.Endpoint{Key: target, Bootstrap: tc.BootstrapServers, Client: tp},
		SourceAlias: m.SourceAlias.ValueString(), Naming: m.Naming.ValueString(), Separator: m.Separator.ValueString(),
		SyncGroupOffsets: m.SyncGroupOffsets.ValueBool(), SyncTopicConfigs: m.SyncTopicConfigs.ValueBool(),
		EmitHeartbeats: m.EmitHeartbeats.ValueBool(), EmitCheckpoints: m.EmitCheckpoints.ValueBool(),
		ReplicationFactor: int(m.ReplicationFactor.ValueInt64()), OffsetSyncsTopicLocation: m.OffsetSyncsTopicLocation.ValueString(),
		TasksMax: int(m.TasksMax.ValueInt64()), StartFrom: m.StartFrom.ValueString(), Extra: extra,
	}
	l.Topics, _ = listStrings(m.Topics)
	l.TopicsExclude, _ = listStrings(m.TopicsExclude)
	l.Groups, _ = listStrings(m.Groups)
	l.GroupsExclude, _ = listStrings(m.GroupsExclude)
	if l.SourceAlias == "" {
		l.SourceAlias = src
	}
	l.ResidencyExcludes = r.residencyExcludes(target)
	return l, cc, nil
}

// residencyExcludes are the patterns of the rules that keep topics off target.
func (r *linkResource) residencyExcludes(target string) []string {
	out := []string{}
	for _, rule := range r.data.residency {
		if rule.Restricts(target) {
			out = append(out, rule.Pattern)
		}
	}
	return out
}

func (r *linkResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	defer r.refuseOffline(ctx, req, resp)
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var plan linkModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.Source.IsUnknown() || plan.Target.IsUnknown() {
		return
	}
	src, target := plan.Source.ValueString(), plan.Target.ValueString()
	for _, p := range []path.Path{path.Root("source"), path.Root("target")} {
		var key types.String
		resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, p, &key)...)
		if _, err := r.data.clusters.Resolve(key.ValueString()); err != nil && !errors.Is(err, kafka.ErrNotKnownYet) {
			resp.Diagnostics.AddAttributeError(p, "Unknown Cluster", err.Error())
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.SourceAlias.IsUnknown() || plan.SourceAlias.IsNull() {
		plan.SourceAlias = types.StringValue(src)
	}
	plan.ID = types.StringValue(src + "|" + target)
	plan.ResidencyExcludes = types.ListValueMust(types.StringType, toAttrs(r.residencyExcludes(target)))
	_, topicsKnown := listStrings(plan.Topics)
	l, _, err := r.link(ctx, plan)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Replication Link", err.Error()+".")
		return
	}
	names := replication.ConnectorNames(src, target)
	plan.ConnectorNames = types.ListValueMust(types.StringType, linkConnectorNames(names, plan.EmitCheckpoints.ValueBool(), plan.EmitHeartbeats.ValueBool()))
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	if !req.State.Raw.IsNull() && !resp.Plan.Raw.Equal(req.State.Raw) {
		// An update the configuration did not ask for (a residency rule of the
		// provider changed) restarts the connectors: their status is not known.
		plan.Status = types.MapUnknown(types.StringType)
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	}

	ctx, cancel := context.WithTimeout(ctx, planCheckTimeout)
	defer cancel()
	r.data.links.Plan(l)
	graph := replication.With(r.data.links.Links(ctx), l)
	prefixes := replication.CopyPrefixes(r.data.clusters.Keys(), graph)
	for i, detail := range r.namedRestricted(l, graph, prefixes) {
		if detail != "" {
			resp.Diagnostics.AddAttributeError(path.Root("topics").AtListIndex(i), "Topic Held Back By Residency", detail)
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if len(r.data.residency) > 0 && topicsKnown {
		r.warnHeld(ctx, l, prefixes, &resp.Diagnostics)
	}
	// At plan the ring may go through a link this same plan deletes first (a
	// fail-over replaces a link by its reverse), so the plan warns and the
	// apply, which runs after those deletions, refuses.
	if ring := replication.Loop(graph, l); ring != nil {
		resp.Diagnostics.AddAttributeWarning(path.Root("naming"), "Possible Replication Loop",
			loopDetail(ring)+". If this plan also destroys one of those links (a fail-over), this is expected; otherwise the apply will refuse the link.")
	}
}

// namedRestricted returns, by index of topics, why a pattern that names one
// topic outright names a topic, or a copy of one, that residency keeps off
// the target ("" where it does not): such a link could only break the rule.
// Patterns that select many topics are held back by the exclusions instead.
func (r *linkResource) namedRestricted(l replication.Link, graph []replication.Link, prefixes []string) []string {
	out := make([]string, len(l.Topics))
	for i, p := range l.Topics {
		name, ok := replication.NamedTopic(p)
		if !ok {
			continue
		}
		rule, origin, bad := replication.Restricted(r.data.residency, l.Target.Key, name, prefixes)
		if !bad {
			continue
		}
		what := fmt.Sprintf("%q", name)
		if origin != name {
			what = fmt.Sprintf("%q, a copy of %q,", name, origin)
			if o, hops, ok := replication.CopyPath(graph, rule, l.Source.Key, name); ok && len(hops) > 0 {
				what = fmt.Sprintf("%q, a copy of %q (%s),", name, o, replication.DescribePath(o, hops))
			}
		}
		out[i] = fmt.Sprintf("topics names %s which the residency rule %q keeps on clusters %s; the link's target %q is not one of them, so the link could never copy it. Remove it from topics, or link to an allowed cluster.",
			what, rule.Pattern, strings.Join(rule.Allowed, ", "), l.Target.Key)
	}
	return out
}

// warnHeld lists the existing source topics the link selects but residency
// holds back, so that nobody waits for copies that never come, and the
// copies already on the target that the rules keep off it (made before a
// rule existed), which the link stops feeding but does not delete.
func (r *linkResource) warnHeld(ctx context.Context, l replication.Link, prefixes []string, d *diag.Diagnostics) {
	names := func(key string) []string {
		cl, err := r.data.clusters.Cluster(key)
		if err != nil {
			return nil
		}
		all, err := cl.Topics(ctx)
		if err != nil {
			return nil
		}
		out := make([]string, 0, len(all))
		for n := range all {
			out = append(out, n)
		}
		return out
	}
	if held := replication.HeldBack(l.Topics, r.data.residency, l.Target.Key, names(l.Source.Key), prefixes); len(held) > 0 {
		d.AddWarning("Topics Held Back By Residency",
			fmt.Sprintf("The link %s -> %s selects %d existing topic(s) that residency rules keep away from %q; they will not be copied: %s.",
				l.Source.Key, l.Target.Key, len(held), l.Target.Key, describeHeld(held)))
	}
	if there := replication.HeldBack([]string{".*"}, r.data.residency, l.Target.Key, names(l.Target.Key), prefixes); len(there) > 0 {
		d.AddWarning("Restricted Topics On The Target",
			fmt.Sprintf("Cluster %q already holds %d topic(s) that residency rules keep away from it, probably copied before a rule existed: %s. "+
				"The link does not copy into them; delete them (and the records they hold) separately, since the provider deletes nothing it was not asked to.",
				l.Target.Key, len(there), describeHeld(there)))
	}
}

func describeHeld(held []replication.Held) string {
	out := make([]string, len(held))
	for i, h := range held {
		out[i] = h.Topic
		if h.Origin != h.Topic {
			out[i] += fmt.Sprintf(" (a copy of %s)", h.Origin)
		}
	}
	return strings.Join(out, ", ")
}

func loopDetail(ring []replication.Link) string {
	return fmt.Sprintf("the links %s form a ring that MirrorMaker cannot see as one (it can only when every link on it is prefixed, with its source's key as alias and one separator): records would be copied around it forever. "+
		"Use naming = \"prefixed\" with the default source_alias and separator on every link of the ring (active-active), or remove a link of the ring first (fail-over)", replication.DescribeRing(ring))
}

// pendingStatus marks, in status, a link created while its target was
// offline: it has no connectors yet and starts at resume_from.
const pendingStatus = "PENDING: the target cluster was offline; the link starts at resume_from once it is back"

func isPending(m linkModel) bool {
	v, ok := m.Status.Elements()[replication.ConnectorNames(m.Source.ValueString(), m.Target.ValueString()).Source].(types.String)
	return ok && v.ValueString() == pendingStatus
}

// refuseOffline fails plans that need an offline cluster. A link's
// connectors run on its target's Connect and read its source: destroying one
// needs the target, changing one in place needs both, and creating one needs
// the source; created while the target is offline, the link is pending
// (resume_from), which a fail-over with the passive cluster lost wants.
func (r *linkResource) refuseOffline(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil || !r.data.clusters.AnyOffline() || resp.Plan.Raw.Equal(req.State.Raw) || hasOfflineError(resp.Diagnostics) {
		return
	}
	// A pending link has nothing on Connect yet: removing it needs no cluster.
	var prior linkModel
	hasConnectors := !req.State.Raw.IsNull() && !req.State.Get(ctx, &prior).HasError() && !isPending(prior)
	offline := func(v tftypes.Value, attr string) bool {
		key, ok := clusterKeyIn(v, attr)
		if ok && r.data.clusters.Offline(key) {
			resp.Diagnostics.AddAttributeError(path.Root(attr), offlineSummary, offlineDetail(key))
			return true
		}
		return false
	}
	oldSrc, _ := clusterKeyIn(req.State.Raw, "source")
	oldTarget, _ := clusterKeyIn(req.State.Raw, "target")
	newSrc, _ := clusterKeyIn(resp.Plan.Raw, "source")
	newTarget, _ := clusterKeyIn(resp.Plan.Raw, "target")
	switch {
	case req.Plan.Raw.IsNull():
		if hasConnectors {
			offline(req.State.Raw, "target")
		}
	case req.State.Raw.IsNull() || oldSrc != newSrc || oldTarget != newTarget:
		if offline(resp.Plan.Raw, "source") || (hasConnectors && offline(req.State.Raw, "target")) {
			return
		}
		if r.data.clusters.Offline(newTarget) {
			resp.Diagnostics.AddAttributeWarning(path.Root("target"), "Replication Link Pending",
				fmt.Sprintf("Cluster %q is offline, so the link %s -> %s is only recorded: the apply reads where %q's topics end now (resume_from) and runs nothing. "+
					"Once %q is back (offline = false), the next apply starts the link there, copying only what was written on %q from now on.", newTarget, newSrc, newTarget, newSrc, newTarget, newSrc))
		}
	default:
		_ = offline(resp.Plan.Raw, "source") || offline(resp.Plan.Raw, "target")
	}
}

func linkConnectorNames(n replication.Names, checkpoints, heartbeats bool) []attr.Value {
	out := []attr.Value{types.StringValue(n.Source)}
	if checkpoints {
		out = append(out, types.StringValue(n.Checkpoint))
	}
	if heartbeats {
		out = append(out, types.StringValue(n.Heartbeat))
	}
	return out
}

func (r *linkResource) timeout(ctx context.Context, v timeouts.Value, kind string) (time.Duration, diag.Diagnostics) {
	switch kind {
	case "create":
		return v.Create(ctx, defaultCreateTimeout)
	case "update":
		return v.Update(ctx, defaultCreateTimeout)
	}
	return v.Delete(ctx, defaultDeleteTimeout)
}

// apply checks the link against every link the provider manages (admit),
// then writes and starts it (replication.Apply) under the estate's lock.
func (r *linkResource) apply(ctx context.Context, plan *linkModel, creating bool, resume map[string]map[int32]int64, d *diag.Diagnostics) {
	l, cc, err := r.link(ctx, *plan)
	if err != nil {
		d.AddError("Invalid Replication Link", err.Error())
		return
	}
	r.data.links.Lock()
	locked := true
	unlock := func() {
		if locked {
			r.data.links.Unlock()
			locked = false
		}
	}
	defer unlock() // released by Apply once the connectors are written
	if !r.admit(ctx, &l, d) {
		return
	}
	found, err := replication.Apply(ctx, cc, l, linkStates[plan.State.ValueString()], creating, resume, unlock)
	if err != nil {
		summary := "Replication Link Not Applied"
		if step := (*replication.StepError)(nil); errors.As(err, &step) {
			summary = step.Step
		}
		d.AddError(summary, err.Error())
		return
	}
	status := map[string]attr.Value{}
	for name, st := range found {
		status[name] = types.StringValue(replication.DescribeStatus(st))
	}
	plan.Status = types.MapValueMust(types.StringType, status)
	setComputed(plan, l)
}

// admit checks a link against every link the provider manages, read now
// (the caller holds the estate's lock and writes before releasing it, so
// links applied at once see each other): no ring MirrorMaker cannot see, no
// topic named that residency keeps off the target, and exclusions that
// cover copies under every link's prefixes, the link's own and, rewritten
// here, the others'.
func (r *linkResource) admit(ctx context.Context, l *replication.Link, d *diag.Diagnostics) bool {
	links, err := r.data.links.Fresh(ctx)
	if err != nil {
		d.AddError("Replication Links Not Read",
			fmt.Sprintf("Before writing a link, the provider reads every link it manages, to refuse replication loops and hold residency on every hop: %s. Make that Kafka Connect cluster reachable, or set offline = true on its cluster.", err))
		return false
	}
	graph := replication.With(links, *l)
	if ring := replication.Loop(graph, *l); ring != nil {
		d.AddAttributeError(path.Root("naming"), "Replication Loop", loopDetail(ring)+".")
		return false
	}
	prefixes := replication.CopyPrefixes(r.data.clusters.Keys(), graph)
	for i, detail := range r.namedRestricted(*l, graph, prefixes) {
		if detail != "" {
			d.AddAttributeError(path.Root("topics").AtListIndex(i), "Topic Held Back By Residency", detail)
		}
	}
	if d.HasError() {
		return false
	}
	l.CopyPrefixes = prefixes
	if err := r.data.links.Cover(ctx, graph, prefixes, l.ID()); err != nil {
		d.AddError("Residency Not Extended To Other Links", err.Error())
		return false
	}
	return true
}

// setComputed records what the link derives from its arguments.
func setComputed(plan *linkModel, l replication.Link) {
	names := replication.ConnectorNames(l.Source.Key, l.Target.Key)
	plan.ID = types.StringValue(l.Source.Key + "|" + l.Target.Key)
	plan.SourceAlias = types.StringValue(l.SourceAlias)
	plan.ConnectorNames = types.ListValueMust(types.StringType, linkConnectorNames(names, l.EmitCheckpoints, l.EmitHeartbeats))
	plan.ResidencyExcludes = types.ListValueMust(types.StringType, toAttrs(l.ResidencyExcludes))
}

// createPending records a link whose target is offline: where the source's
// selected topics end now, and nothing on Kafka Connect.
func (r *linkResource) createPending(ctx context.Context, plan *linkModel, d *diag.Diagnostics) {
	l, _, err := r.link(ctx, *plan)
	if err != nil {
		d.AddError("Invalid Replication Link", err.Error())
		return
	}
	sc := clusterOf(r.data, l.Source.Key, d)
	if d.HasError() {
		return
	}
	all, err := sc.Topics(ctx)
	if err != nil {
		d.Append(diags.Kafka("Replication Link Not Recorded", fmt.Sprintf("Listing the topics of cluster %q", sc.Key), err))
		return
	}
	names := make([]string, 0, len(all))
	for n := range all {
		names = append(names, n)
	}
	topics, _ := l.Selection().Replicated(names)
	ends := map[string]map[int32]int64{}
	if len(topics) > 0 {
		if ends, err = sc.EndOffsets(ctx, topics...); err != nil {
			d.Append(diags.Kafka("Replication Link Not Recorded", fmt.Sprintf("Reading the end offsets of %s on cluster %q", strings.Join(topics, ", "), sc.Key), err))
			return
		}
	}
	from := map[string]attr.Value{}
	for k, o := range replication.ResumeFrom(ends) {
		from[k] = types.Int64Value(o)
	}
	source := replication.ConnectorNames(l.Source.Key, l.Target.Key).Source
	plan.ResumeFrom = types.MapValueMust(types.Int64Type, from)
	plan.Status = types.MapValueMust(types.StringType, map[string]attr.Value{source: types.StringValue(pendingStatus)})
	setComputed(plan, l)
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

func (r *linkResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan linkModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	t, d := r.timeout(ctx, plan.Timeouts, "create")
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, t)
	defer cancel()
	plan.ResumeFrom = types.MapValueMust(types.Int64Type, map[string]attr.Value{})
	if r.data.clusters.Offline(plan.Target.ValueString()) {
		r.createPending(ctx, &plan, &resp.Diagnostics)
	} else {
		r.apply(ctx, &plan, true, nil, &resp.Diagnostics)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *linkResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan linkModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var prior linkModel
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	t, d := r.timeout(ctx, plan.Timeouts, "update")
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, t)
	defer cancel()
	// resume_from stays as a record of where a pending link started.
	plan.ResumeFrom = prior.ResumeFrom
	if plan.ResumeFrom.IsNull() {
		plan.ResumeFrom = types.MapValueMust(types.Int64Type, map[string]attr.Value{})
	}
	var resume map[string]map[int32]int64
	if isPending(prior) {
		resume = resumeOffsets(prior.ResumeFrom)
	}
	r.apply(ctx, &plan, false, resume, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Read reflects the connectors as they are: a deleted, paused, stopped or
// failed connector changes `state`; topic and group lists and declared
// config keys are read back from the source connector's configuration.
func (r *linkResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if keepOffline(ctx, r.data, req.State, "target", &resp.Diagnostics) {
		return
	}
	var st linkModel
	resp.Diagnostics.Append(req.State.Get(ctx, &st)...)
	if resp.Diagnostics.HasError() || r.data == nil {
		return
	}
	cc, err := r.data.connectOf(st.Target.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("target"), "Unknown Connect Cluster", err.Error()+".")
		return
	}
	ctx, cancel := context.WithTimeout(ctx, defaultReadTimeout)
	defer cancel()
	names := replication.ConnectorNames(st.Source.ValueString(), st.Target.ValueString())
	found, err := replication.ReadStatus(ctx, cc, st.Source.ValueString(), st.Target.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Replication Link Not Read", err.Error())
		return
	}
	status := map[string]attr.Value{}
	for n, s := range found {
		status[n] = types.StringValue(replication.DescribeStatus(s))
	}
	// A checkpoint or heartbeat connector found means the link emits them.
	if _, ok := found[names.Checkpoint]; ok {
		st.EmitCheckpoints = types.BoolValue(true)
	}
	if _, ok := found[names.Heartbeat]; ok {
		st.EmitHeartbeats = types.BoolValue(true)
	}
	state := replication.LinkState(found, names, st.EmitCheckpoints.ValueBool(), st.EmitHeartbeats.ValueBool())
	if st.ResumeFrom.IsNull() {
		st.ResumeFrom = types.MapValueMust(types.Int64Type, map[string]attr.Value{})
	}
	if state == "" && isPending(st) {
		// Back online: the plan starts the pending link.
		st.State = types.StringValue("missing")
		resp.Diagnostics.Append(resp.State.Set(ctx, &st)...)
		return
	}
	if state == "" {
		tflog.Warn(ctx, "replication link has no connectors any more; removing it from state", map[string]any{"id": st.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	st.State = types.StringValue(state)
	st.Status = types.MapValueMust(types.StringType, status)
	st.ConnectorNames = types.ListValueMust(types.StringType, linkConnectorNames(names, st.EmitCheckpoints.ValueBool(), st.EmitHeartbeats.ValueBool()))
	if cfg, err := cc.Config(ctx, names.Source); err == nil {
		r.readConfig(ctx, &st, cfg, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &st)...)
}

// readConfig takes the arguments back from the source connector's
// configuration, so a change made through the Connect REST API is drift.
func (r *linkResource) readConfig(ctx context.Context, st *linkModel, cfg map[string]string, d *diag.Diagnostics) {
	split := func(s string) types.List { return stringList(splitList(s)) }
	st.Topics = split(cfg["topics"])
	// Exclusions of MirrorMaker and of residency rules are not the user's. A
	// rule whose exclusion misses the copy prefix of a link that exists
	// (edited by hand, or written by an older version of the provider) is
	// left out, so the plan shows it and the apply writes it again. Links
	// planned alongside are left to the apply (admit), whatever the order in
	// which Terraform plans them.
	required := replication.CopyPrefixes(nil, r.data.links.Existing(ctx))
	user, residency, _ := replication.SplitExcludes(splitList(cfg["topics.exclude"]), required)
	st.TopicsExclude = stringList(user)
	st.ResidencyExcludes = types.ListValueMust(types.StringType, toAttrs(residency))
	st.Groups = split(cfg["groups"])
	st.GroupsExclude = split(cfg["groups.exclude"])
	if strings.HasSuffix(cfg["replication.policy.class"], "IdentityReplicationPolicy") {
		st.Naming = types.StringValue(replication.Identity)
	} else {
		st.Naming = types.StringValue(replication.Prefixed)
	}
	if v, ok := cfg["source.cluster.alias"]; ok {
		st.SourceAlias = types.StringValue(v)
	}
	if v, ok := cfg["replication.policy.separator"]; ok {
		st.Separator = types.StringValue(v)
	}
	if v, ok := cfg["offset-syncs.topic.location"]; ok {
		st.OffsetSyncsTopicLocation = types.StringValue(v)
	}
	if cfg["source.consumer.auto.offset.reset"] == "latest" {
		st.StartFrom = types.StringValue("latest")
	} else {
		st.StartFrom = types.StringValue("earliest")
	}
	if v, err := strconv.ParseBool(cfg["sync.group.offsets.enabled"]); err == nil {
		st.SyncGroupOffsets = types.BoolValue(v)
	}
	if v, err := strconv.ParseBool(cfg["sync.topic.configs.enabled"]); err == nil {
		st.SyncTopicConfigs = types.BoolValue(v)
	}
	if v, err := strconv.ParseInt(cfg["tasks.max"], 10, 64); err == nil {
		st.TasksMax = types.Int64Value(v)
	}
	if v, err := strconv.ParseInt(cfg["replication.factor"], 10, 64); err == nil {
		st.ReplicationFactor = types.Int64Value(v)
	}
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

func (r *linkResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var st linkModel
	resp.Diagnostics.Append(req.State.Get(ctx, &st)...)
	if resp.Diagnostics.HasError() || r.data == nil {
		return
	}
	if isPending(st) && r.data.clusters.Offline(st.Target.ValueString()) {
		return // nothing was created on the target's Connect yet
	}
	cc, err := r.data.connectOf(st.Target.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("target"), "Unknown Connect Cluster", err.Error()+".")
		return
	}
	t, d := r.timeout(ctx, st.Timeouts, "delete")
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, t)
	defer cancel()
	if err := replication.DeleteLink(ctx, cc, st.Source.ValueString(), st.Target.ValueString()); err != nil {
		resp.Diagnostics.AddError("Connector Not Deleted", err.Error())
	}
}

// ImportState reads <source>|<target>; Read fills the rest from the
// connectors.
func (r *linkResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	src, target, ok := strings.Cut(req.ID, "|")
	if !ok || src == "" || target == "" {
		resp.Diagnostics.AddError("Invalid Import ID", fmt.Sprintf("Import ID %q is not <source>|<target>, for example us-east|eu-west.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("source"), src)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("target"), target)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("emit_checkpoints"), false)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("emit_heartbeats"), false)...)
}
