package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/geokafka/terraform-provider-geokafka/internal/ids"
	"github.com/geokafka/terraform-provider-geokafka/internal/replication"
	"github.com/geokafka/terraform-provider-geokafka/internal/validators"
)

var (
	_ resource.Resource                   = (*linkResource)(nil)
	_ resource.ResourceWithConfigure      = (*linkResource)(nil)
	_ resource.ResourceWithImportState    = (*linkResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*linkResource)(nil)
	_ resource.ResourceWithValidateConfig = (*linkResource)(nil)
)

type linkResource struct{ resourceBase }

// NewReplicationLinkResource is the constructor of geokafka_replication_link.
func NewReplicationLinkResource() resource.Resource { return &linkResource{} }

func (r *linkResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_replication_link"
}

func patternList(desc string, required bool) schema.ListAttribute {
	a := schema.ListAttribute{
		MarkdownDescription: desc,
		ElementType:         types.StringType,
		Validators:          []validator.List{listvalidator.ValueStringsAre(validators.MirrorPattern())},
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
		MarkdownDescription: "Copies topics (and consumer-group offsets) from one cluster to another with MirrorMaker 2, " +
			"run as connectors on the Kafka Connect cluster of the target (its `connect_url`). " +
			"Destroying the link stops copying; it never deletes the copied topics or their data. " +
			"ACL sync is always off: ACLs are managed with `geokafka_acl`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<source>|<target>`; also the import id.",
				Computed:            true,
			},
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
			"topics": patternList(
				"Regular expressions of the source topics to copy; each matches whole names (MirrorMaker's rule). No commas.",
				true),
			"topics_exclude": patternList(
				"Regular expressions of topics never to copy, besides MirrorMaker's own internal and replica topics and the `residency_excludes`.",
				false),
			"groups": schema.ListAttribute{
				MarkdownDescription: "Regular expressions of the consumer groups whose offsets are translated (default: all).",
				ElementType:         types.StringType,
				Optional:            true,
				Computed:            true,
				Default:             listdefault.StaticValue(types.ListValueMust(types.StringType, []attr.Value{types.StringValue(".*")})),
				Validators:          []validator.List{listvalidator.ValueStringsAre(validators.MirrorPattern())},
			},
			"groups_exclude": patternList(
				"Regular expressions of consumer groups not to translate.",
				false),
			"naming": schema.StringAttribute{
				MarkdownDescription: "`prefixed` (default): a topic `orders` arrives as `<source_alias><separator>orders`, " +
					"and links in both directions never loop. " +
					"`identity`: names are kept (for disaster recovery); MirrorMaker cannot detect cycles then, " +
					"so a link that closes a ring of links with an identity link on it, of any length, is refused at apply (with a warning at plan). " +
					"The provider reads the links it manages from the `connect_url` of every cluster; links applied in the same run see each other. " +
					"Replacing a link by its reverse (fail-over) works: the old link is deleted first.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(replication.Prefixed),
				Validators: []validator.String{stringvalidator.OneOf(replication.Prefixed, replication.Identity)},
			},
			"source_alias": schema.StringAttribute{
				MarkdownDescription: "Alias of the source in remote topic names; defaults to the source key.",
				Optional:            true,
				Computed:            true,
			},
			"separator": schema.StringAttribute{
				MarkdownDescription: "Separator between alias and topic in remote names (default `.`).",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString("."),
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"sync_group_offsets": schema.BoolAttribute{
				MarkdownDescription: "Write translated consumer-group offsets to the target, " +
					"so consumers fail over without re-reading everything (default true).",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
			},
			"sync_topic_configs": schema.BoolAttribute{
				MarkdownDescription: "Copy topic configuration to remote topics (default true).",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(true),
			},
			"emit_heartbeats": schema.BoolAttribute{
				MarkdownDescription: "Run the heartbeat connector (default true).",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(true),
			},
			"emit_checkpoints": schema.BoolAttribute{
				MarkdownDescription: "Run the checkpoint connector, which translates consumer offsets (default true).",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(true),
			},
			"replication_factor": schema.Int64Attribute{
				MarkdownDescription: "Replication factor of remote and internal topics MirrorMaker creates on the target; " +
					"`-1` (default) uses the target's `default.replication.factor`.",
				Optional:   true,
				Computed:   true,
				Default:    int64default.StaticInt64(-1),
				Validators: []validator.Int64{int64validator.Any(int64validator.OneOf(-1), int64validator.AtLeast(1))},
			},
			"offset_syncs_topic_location": schema.StringAttribute{
				MarkdownDescription: "Where MirrorMaker keeps its offset-syncs topic: `source` (default) or `target`.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString("source"),
				Validators:          []validator.String{stringvalidator.OneOf("source", "target")},
			},
			"tasks_max": schema.Int64Attribute{
				MarkdownDescription: "Most tasks each connector runs (default 1).",
				Optional:            true,
				Computed:            true,
				Default:             int64default.StaticInt64(1),
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"start_from": schema.StringAttribute{
				MarkdownDescription: "Where a new link starts copying: `earliest` (default: everything the source holds, " +
					"or where an earlier link in the same direction stopped, since Kafka Connect keeps its positions) " +
					"or `latest` (only records produced after the link is created: positions an earlier link in this direction left are discarded, " +
					"which a fail-back needs; Kafka Connect 3.7 or later). " +
					"Changing it on an existing link only affects partitions it has not read yet.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString("earliest"),
				Validators: []validator.String{stringvalidator.OneOf("earliest", "latest")},
			},
			"start_offsets": schema.MapAttribute{
				MarkdownDescription: "Where a new link starts copying each partition it names, keyed `<topic>/<partition>`: the first offset to copy. " +
					"Partitions it does not name start as `start_from` says. " +
					"After a split brain, give a prefixed link from the old active cluster the reverse link's `resume_from`, " +
					"and it copies exactly the records the old active took after the fail-over (see the disaster-recovery runbook). " +
					"Read when the link is created; changing it creates the link anew.",
				ElementType:   types.Int64Type,
				Optional:      true,
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()},
			},
			"state": schema.StringAttribute{
				MarkdownDescription: "`running` (default), `paused` (tasks idle, resumable) or `stopped` (tasks shut down, configuration kept). " +
					"A connector paused, stopped, failed or deleted outside Terraform shows here as drift " +
					"(`failed`, `missing`, `mixed` when the connectors disagree).",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString("running"),
				Validators: []validator.String{stringvalidator.OneOf("running", "paused", "stopped")},
			},
			"config": schema.MapAttribute{
				MarkdownDescription: "Extra MirrorMaker properties for every connector of the link, " +
					"for example `refresh.topics.interval.seconds` (the link sets 30) or `offset-syncs.topic.replication.factor`. " +
					"Keys that arguments own (topics, naming, source and target connections...) are refused at plan.",
				ElementType: types.StringType,
				Optional:    true,
			},
			"residency_excludes": schema.ListAttribute{
				MarkdownDescription: "Patterns of the provider's `residency` rules that keep topics away from the target; " +
					"the connectors never copy matching topics nor copies of them under any link's prefix. " +
					"A rule added or changed later, or an exclusion on the connectors that misses a link's prefix, " +
					"shows here as a change and is applied in place.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"connector_bootstrap_servers": schema.MapAttribute{
				MarkdownDescription: "Addresses the connectors reach the `source` and `target` clusters at (comma-separated): " +
					"each cluster's `connect_bootstrap_servers` in the provider, or its `bootstrap_servers`. " +
					"A change of either shows here and is applied in place.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"connector_secrets": schema.MapAttribute{
				MarkdownDescription: "How the connectors carry the `source` and `target` clusters' secrets (SASL password, TLS client key): " +
					"`referenced` (config provider placeholders, from the provider's `connect_secrets`), `inline` (the secrets themselves, " +
					"readable through the Connect REST API), or `none` (the cluster has neither). Connectors written before `connect_secrets` " +
					"was set show `inline` here and are rewritten in place.",
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
				MarkdownDescription: "Set when the link is created while its `target` is `offline` in the provider " +
					"(a fail-over with the passive cluster lost): the source's end offset of every partition the link copies, " +
					"keyed `<topic>/<partition>`, read at that moment. " +
					"The link is then pending: nothing runs until the target is back, and the first apply after that starts it at these offsets, " +
					"so the records the target already holds (copied from it before the outage) are not copied back to it. Empty otherwise.",
				ElementType: types.Int64Type,
				Computed:    true,
			},
			"stranded_records": schema.MapAttribute{
				MarkdownDescription: "Records, by topic, that the `target` held past `resume_from` when this pending link started: " +
					"written there after the fail-over, while the target was cut off rather than down, and never received by the `source`. " +
					"The plan that starts the link warns of those it finds; the apply counts them as the link starts, after the old active cluster's producers may have written more (identity naming; other namings strand nothing); " +
					"the link appends the source's records after them and copies them nowhere. Empty otherwise.",
				ElementType: types.Int64Type,
				Computed:    true,
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{
				Create:            true,
				Update:            true,
				Delete:            true,
				CreateDescription: "How long to wait for the connectors and tasks to reach their state (default `5m`).",
				UpdateDescription: "How long an update may take (default `5m`).",
				DeleteDescription: "How long deleting the connectors may take (default `5m`).",
			}),
		},
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
	for k, v := range m.StartOffsets.Elements() {
		n, ok := v.(types.Int64)
		if _, _, valid := replication.ParsePosition(k); !valid {
			resp.Diagnostics.AddAttributeError(path.Root("start_offsets").AtMapKey(k), "Invalid Position",
				fmt.Sprintf("%q is not <topic>/<partition>: write the topic, a slash and the partition number, for example \"orders/0\".", k))
		} else if ok && !n.IsUnknown() && !n.IsNull() && n.ValueInt64() < 0 {
			resp.Diagnostics.AddAttributeError(path.Root("start_offsets").AtMapKey(k), "Invalid Offset",
				fmt.Sprintf("%d is not an offset: give the first offset to copy, 0 or more.", n.ValueInt64()))
		}
	}
	for k := range m.Config.Elements() {
		if replication.OwnedKey(k) {
			resp.Diagnostics.AddAttributeError(path.Root("config").AtMapKey(k), "Property Set By The Link",
				fmt.Sprintf("%q is set by the link itself from its arguments (topics, naming, source, target...). Use the matching argument instead.", k))
		}
	}
}

func (r *linkResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan linkModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	t, d := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, t)
	defer cancel()
	plan.ResumeFrom = resumeFromMap(nil)
	plan.StrandedRecords = strandedMap(nil)
	var start map[string]map[int32]int64
	if !plan.StartOffsets.IsNull() {
		start = resumeOffsets(plan.StartOffsets)
	}
	if r.data.clusters.Offline(plan.Target.ValueString()) {
		r.createPending(ctx, &plan, start, &resp.Diagnostics)
	} else {
		r.apply(ctx, &plan, true, start, &resp.Diagnostics)
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
	// An update rewrites connectors and copies nothing: as long as a create.
	t, d := plan.Timeouts.Update(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, t)
	defer cancel()
	// resume_from stays as a record of where a pending link started.
	plan.ResumeFrom = prior.ResumeFrom
	if plan.ResumeFrom.IsNull() {
		plan.ResumeFrom = resumeFromMap(nil)
	}
	if plan.StrandedRecords.IsUnknown() || plan.StrandedRecords.IsNull() {
		plan.StrandedRecords = strandedMap(nil)
	}
	var resume map[string]map[int32]int64
	if isPending(prior) {
		resume = resumeOffsets(prior.ResumeFrom)
		// Counted before the link appends anything to the target.
		l, _, err := r.link(ctx, plan)
		if err != nil {
			resp.Diagnostics.AddError("Invalid Replication Link", err.Error()+".")
			return
		}
		plan.StrandedRecords = strandedMap(r.countStranded(ctx, l, prior.ResumeFrom, &resp.Diagnostics))
		if resp.Diagnostics.HasError() {
			return
		}
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
	// A checkpoint or heartbeat connector found means the link emits them.
	if _, ok := found[names.Checkpoint]; ok {
		st.EmitCheckpoints = types.BoolValue(true)
	}
	if _, ok := found[names.Heartbeat]; ok {
		st.EmitHeartbeats = types.BoolValue(true)
	}
	state := replication.LinkState(found, names, st.EmitCheckpoints.ValueBool(), st.EmitHeartbeats.ValueBool())
	if st.ResumeFrom.IsNull() {
		st.ResumeFrom = resumeFromMap(nil)
	}
	if st.StrandedRecords.IsNull() {
		st.StrandedRecords = strandedMap(nil)
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
	st.Status = statusMap(found)
	st.ConnectorNames = connectorNames(names, st.EmitCheckpoints.ValueBool(), st.EmitHeartbeats.ValueBool())
	if cfg, err := cc.Config(ctx, names.Source); err == nil {
		// Exclusions of MirrorMaker and of residency rules are not the user's. A
		// rule whose exclusion misses the copy prefix of a link that exists
		// (edited by hand, or written by an older version of the provider) is
		// left out, so the plan shows it and the apply writes it again. Links
		// planned alongside are left to the apply (admit), whatever the order in
		// which Terraform plans them.
		required := replication.CopyPrefixes(nil, r.data.links.Existing(ctx))
		readArguments(&st, cfg, required, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &st)...)
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
	t, d := st.Timeouts.Delete(ctx, defaultDeleteTimeout)
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
	src, target, err := ids.ParseLink(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Import ID", err.Error()+".")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("source"), src)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("target"), target)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("emit_checkpoints"), false)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("emit_heartbeats"), false)...)
}
