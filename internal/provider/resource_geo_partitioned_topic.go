package provider

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/geokafka/terraform-provider-geokafka/internal/diags"
	"github.com/geokafka/terraform-provider-geokafka/internal/kafka"
	"github.com/geokafka/terraform-provider-geokafka/internal/placement"
	"github.com/geokafka/terraform-provider-geokafka/internal/validators"
)

var (
	_ resource.Resource                = (*geoTopicResource)(nil)
	_ resource.ResourceWithConfigure   = (*geoTopicResource)(nil)
	_ resource.ResourceWithImportState = (*geoTopicResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*geoTopicResource)(nil)
)

type geoTopicResource struct{ resourceBase }

// NewGeoPartitionedTopicResource is the constructor of geokafka_geo_partitioned_topic.
func NewGeoPartitionedTopicResource() resource.Resource { return &geoTopicResource{} }

type regionModel struct {
	Racks             []types.String `tfsdk:"racks"`
	Partitions        types.Int64    `tfsdk:"partitions"`
	ReplicationFactor types.Int64    `tfsdk:"replication_factor"`
}

type geoTopicModel struct {
	ID                 types.String           `tfsdk:"id"`
	Cluster            types.String           `tfsdk:"cluster"`
	Name               types.String           `tfsdk:"name"`
	Regions            map[string]regionModel `tfsdk:"regions"`
	Config             types.Map              `tfsdk:"config"`
	ForceDestroy       types.Bool             `tfsdk:"force_destroy"`
	TopicID            types.String           `tfsdk:"topic_id"`
	PartitionsByRegion types.Map              `tfsdk:"partitions_by_region"`
	RegionByPartition  types.List             `tfsdk:"region_by_partition"`
	Timeouts           timeouts.Value         `tfsdk:"timeouts"`
}

// regions converts the regions map; ok is false while values are unknown.
func (m geoTopicModel) regions() (map[string]placement.Region, bool) {
	out := map[string]placement.Region{}
	for name, r := range m.Regions {
		if r.Partitions.IsUnknown() || r.ReplicationFactor.IsUnknown() {
			return nil, false
		}
		reg := placement.Region{Partitions: int(r.Partitions.ValueInt64()), ReplicationFactor: int(r.ReplicationFactor.ValueInt64())}
		for _, rk := range r.Racks {
			if rk.IsUnknown() {
				return nil, false
			}
			reg.Racks = append(reg.Racks, rk.ValueString())
		}
		out[name] = reg
	}
	return out, true
}

func (m geoTopicModel) layout() []string {
	var out []string
	for _, v := range m.RegionByPartition.Elements() {
		if s, ok := v.(types.String); ok {
			out = append(out, s.ValueString())
		}
	}
	return out
}

// setLayout fills the computed partition maps from a layout.
func (m *geoTopicModel) setLayout(layout []string) {
	by := map[string][]attr.Value{}
	for r := range m.Regions {
		by[r] = []attr.Value{}
	}
	list := make([]attr.Value, 0, len(layout))
	for p, r := range layout {
		by[r] = append(by[r], types.Int64Value(int64(p)))
		list = append(list, types.StringValue(r))
	}
	elems := map[string]attr.Value{}
	for r, ps := range by {
		elems[r] = types.ListValueMust(types.Int64Type, ps)
	}
	m.PartitionsByRegion = types.MapValueMust(types.ListType{ElemType: types.Int64Type}, elems)
	m.RegionByPartition = types.ListValueMust(types.StringType, list)
}

func (r *geoTopicResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_geo_partitioned_topic"
}

func (r *geoTopicResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A topic on a cluster that spans regions, whose every partition belongs to exactly one region: all of a partition's replicas sit on " +
			"that region's racks, so records sent to a region's partitions never leave its brokers (data locality and sovereignty). Producers route by " +
			"region with `partitions_by_region`. Regions grow by appending partitions; shrinking or removing a region is refused at plan.",
		Attributes: map[string]schema.Attribute{
			"id":      schema.StringAttribute{MarkdownDescription: "`<cluster>/<name>`; also the import id.", Computed: true},
			"cluster": schema.StringAttribute{MarkdownDescription: "Key of the cluster in the provider's `clusters`; may be omitted with a single cluster. Changing it replaces the topic (subject to `force_destroy`).", Optional: true, Computed: true},
			"name": schema.StringAttribute{
				MarkdownDescription: "Topic name. Changing it replaces the topic (subject to `force_destroy`).",
				Required:            true,
				Validators:          []validator.String{validators.TopicName()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"regions": schema.MapNestedAttribute{
				MarkdownDescription: "Regions by name (for example `eu`), each with the racks of its brokers, its number of partitions and their replication factor.",
				Required:            true,
				Validators:          []validator.Map{mapvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"racks":              schema.ListAttribute{MarkdownDescription: "`broker.rack` values of the region's brokers.", ElementType: types.StringType, Required: true, Validators: []validator.List{listvalidator.SizeAtLeast(1)}},
					"partitions":         schema.Int64Attribute{MarkdownDescription: "Partitions of the region; it can grow, never shrink.", Required: true, Validators: []validator.Int64{int64validator.AtLeast(1)}},
					"replication_factor": schema.Int64Attribute{MarkdownDescription: "Replicas of each of the region's partitions, at most its brokers (-1 in state when a partition's replicas left the region).", Required: true, Validators: []validator.Int64{int64validator.AtLeast(1)}},
				}},
			},
			"config": schema.MapAttribute{
				MarkdownDescription: "Topic configuration overrides, managed as on `geokafka_topic`: only declared keys are tracked, a removed key is reset.",
				ElementType:         types.StringType, Optional: true,
			},
			"force_destroy": schema.BoolAttribute{
				MarkdownDescription: "Allow destroying (or replacing) the topic while it holds records (default false).",
				Optional:            true, Computed: true, Default: booldefault.StaticBool(false),
			},
			"topic_id": schema.StringAttribute{MarkdownDescription: "Kafka's UUID of the topic.", Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"partitions_by_region": schema.MapAttribute{
				MarkdownDescription: "Partition numbers of each region, for producers that send a region's records to its partitions.",
				ElementType:         types.ListType{ElemType: types.Int64Type}, Computed: true,
			},
			"region_by_partition": schema.ListAttribute{
				MarkdownDescription: "Region of every partition, indexed by partition number.",
				ElementType:         types.StringType, Computed: true,
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func (r *geoTopicResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	defer refuseOfflineChange(r.data, req, resp)
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var plan geoTopicModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var state *geoTopicModel
	if !req.State.Raw.IsNull() {
		state = &geoTopicModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if resp.Diagnostics.HasError() || plan.Name.IsUnknown() {
		return
	}
	key, replacing, ok := planCluster(ctx, r.data, req, resp)
	if !ok {
		return
	}
	replacing = replacing || (state != nil && state.Name.ValueString() != plan.Name.ValueString())
	plan.Cluster, plan.ID = types.StringValue(key), types.StringValue(key+"/"+plan.Name.ValueString())
	if detail, bad := r.data.topicNotAllowed(plan.Name.ValueString(), key); bad {
		resp.Diagnostics.AddAttributeError(path.Root("cluster"), "Topic Not Allowed On This Cluster", detail)
		return
	}
	regions, known := plan.regions()
	if !known {
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}
	var existing []string
	if state != nil && !replacing {
		existing = state.layout()
	}
	layout, err := placement.GrowLayout(existing, regions)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("regions"), "Regions Cannot Shrink", err.Error()+".")
		return
	}
	plan.setLayout(layout)
	if replacing {
		plan.TopicID = types.StringUnknown()
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)

	cl, err := r.data.clusters.Cluster(key)
	if err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, planCheckTimeout)
	defer cancel()
	info, err := cl.Info(ctx)
	if err != nil {
		resp.Diagnostics.AddWarning("Topic Not Validated Against The Cluster", fmt.Sprintf("Could not read the brokers of cluster %q: %s.", key, kafka.Explain(err)))
		return
	}
	names := make([]string, 0, len(regions))
	for n := range regions {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		reg := regions[n]
		if err := placement.Check([]placement.Entry{{Racks: reg.Racks, Count: reg.ReplicationFactor}}, brokersOf(info), reg.ReplicationFactor); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("regions").AtMapKey(n), "Invalid Region",
				strings.Replace(err.Error(), "replica_placement[0]", "region "+strconv.Quote(n), 1)+".")
		}
	}
	if resp.Diagnostics.HasError() || !fullyKnown(plan.Config) {
		return
	}
	cfg, _ := stringMap(ctx, plan.Config)
	if state == nil || replacing {
		want := placement.AssignRegions(layout, regions, brokersOf(info), partitionRange(0, len(layout)))
		err = cl.ValidateCreate(ctx, kafka.CreateSpec{Name: plan.Name.ValueString(), Config: cfg,
			Assignment: placement.Uniform(want, len(want[0]), brokersOf(info))})
		if err != nil {
			addValidationError(resp, cl, "CREATE", plan.Name.ValueString(), err)
		}
		return
	}
	old, _ := stringMap(ctx, state.Config)
	if err := cl.AlterTopicConfig(ctx, plan.Name.ValueString(), configChanges(old, cfg), true); err != nil {
		addValidationError(resp, cl, "ALTER_CONFIGS", plan.Name.ValueString(), err)
	}
}

func (r *geoTopicResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan geoTopicModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(d...)
	cl := clusterOf(r.data, plan.Cluster.ValueString(), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	name := plan.Name.ValueString()
	info, err := cl.FreshInfo(ctx)
	if err != nil {
		resp.Diagnostics.Append(diags.Kafka("Topic Not Created", fmt.Sprintf("DESCRIBE of cluster %q", cl.Key), err))
		return
	}
	regions, _ := plan.regions()
	layout := plan.layout()
	cfg, _ := stringMap(ctx, plan.Config)
	want := placement.AssignRegions(layout, regions, brokersOf(info), partitionRange(0, len(layout)))
	// Kafka creates partitions with one replica count; regions with another
	// are reassigned right after, before any producer knows the topic.
	initial := placement.Uniform(want, len(want[0]), brokersOf(info))
	t, err := cl.CreateTopic(ctx, kafka.CreateSpec{Name: name, Config: cfg, Assignment: initial})
	if err == nil {
		t, err = settle(ctx, cl, name, initial, want)
	}
	if err != nil {
		resp.Diagnostics.Append(diags.Kafka("Topic Not Created", fmt.Sprintf("CREATE of topic %q on cluster %q", name, cl.Key), err))
		return
	}
	plan.TopicID = types.StringValue(t.ID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Read checks every partition against its region: replicas that left the
// region's racks, or a replica count that changed, read as
// replication_factor = -1 for that region, so the plan puts them back.
func (r *geoTopicResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if keepOffline(ctx, r.data, req.State, "cluster", &resp.Diagnostics) {
		return
	}
	var st geoTopicModel
	resp.Diagnostics.Append(req.State.Get(ctx, &st)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := st.Timeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(d...)
	cl := clusterOf(r.data, st.Cluster.ValueString(), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	name := st.Name.ValueString()
	t, err := cl.Topic(ctx, name)
	if err == nil && t == nil {
		tflog.Warn(ctx, "topic no longer exists; removing it from state", map[string]any{"cluster": cl.Key, "topic": name})
		resp.State.RemoveResource(ctx)
		return
	}
	var info kafka.ClusterInfo
	if err == nil {
		info, err = cl.Info(ctx)
	}
	if err != nil {
		resp.Diagnostics.Append(diags.Kafka("Topic Not Read", fmt.Sprintf("DESCRIBE of topic %q on cluster %q", name, cl.Key), err))
		return
	}
	rackOf := map[int32]string{}
	for _, b := range info.Brokers {
		rackOf[b.ID] = b.Rack
	}
	importing := st.Regions == nil
	layout := st.layout()
	if importing {
		st.Regions, layout = reconstructRegions(t, rackOf)
	}
	stray := map[string]bool{}
	counts := map[string]int{}
	for _, p := range t.Partitions {
		if int(p.ID) >= len(layout) {
			continue // added outside Terraform: not part of any region
		}
		reg := layout[p.ID]
		counts[reg]++
		want, ok := st.Regions[reg]
		if !ok {
			continue
		}
		if int64(len(p.Replicas)) != want.ReplicationFactor.ValueInt64() {
			stray[reg] = true
		}
		for _, b := range p.Replicas {
			if !containsString(strs(want.Racks), rackOf[b]) {
				stray[reg] = true
			}
		}
	}
	for reg, m := range st.Regions {
		if stray[reg] {
			m.ReplicationFactor = types.Int64Value(-1)
		}
		m.Partitions = types.Int64Value(int64(counts[reg]))
		st.Regions[reg] = m
	}
	st.setLayout(layout)
	st.ID = types.StringValue(cl.Key + "/" + name)
	st.Cluster = types.StringValue(cl.Key)
	st.TopicID = types.StringValue(t.ID)
	if st.ForceDestroy.IsNull() {
		st.ForceDestroy = types.BoolValue(false)
	}
	st.Config, d = readConfig(ctx, st.Config, t, importing)
	resp.Diagnostics.Append(d...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &st)...)
}

// reconstructRegions names each partition's region after its replicas' racks
// (zone letter dropped: "eu-west-1a" is region "eu-west-1"), for imports.
func reconstructRegions(t *kafka.Topic, rackOf map[int32]string) (map[string]regionModel, []string) {
	regions := map[string]regionModel{}
	racks := map[string]map[string]bool{}
	layout := make([]string, len(t.Partitions))
	for _, p := range t.Partitions {
		reg := "unknown"
		if len(p.Replicas) > 0 {
			reg = placement.RegionOfRack(rackOf[p.Replicas[0]])
		}
		if racks[reg] == nil {
			racks[reg] = map[string]bool{}
		}
		for _, b := range p.Replicas {
			racks[reg][rackOf[b]] = true
		}
		layout[p.ID] = reg
		m := regions[reg]
		m.ReplicationFactor = types.Int64Value(int64(len(p.Replicas)))
		regions[reg] = m
	}
	for reg, m := range regions {
		var rs []string
		for rk := range racks[reg] {
			rs = append(rs, rk)
		}
		sort.Strings(rs)
		m.Racks = toStrs(rs)
		regions[reg] = m
	}
	return regions, layout
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// settle reassigns the partitions created with a placeholder replica list to
// the replicas they belong on, and elects their preferred leaders.
func settle(ctx context.Context, cl *kafka.Cluster, name string, initial, want map[int32][]int32) (*kafka.Topic, error) {
	moved := map[int32][]int32{}
	for p, rs := range want {
		if !slices.Equal(initial[p], rs) {
			moved[p] = rs
		}
	}
	if len(moved) == 0 {
		return cl.FreshTopic(ctx, name)
	}
	return cl.Place(ctx, name, moved)
}

func (r *geoTopicResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state geoTopicModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := plan.Timeouts.Update(ctx, defaultUpdateTimeout)
	resp.Diagnostics.Append(d...)
	cl := clusterOf(r.data, plan.Cluster.ValueString(), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	name := plan.Name.ValueString()
	doing := func(what string) string { return fmt.Sprintf("%s of topic %q on cluster %q", what, name, cl.Key) }
	info, err := cl.FreshInfo(ctx)
	if err != nil {
		resp.Diagnostics.Append(diags.Kafka("Topic Not Updated", doing("DESCRIBE"), err))
		return
	}
	brokers := brokersOf(info)
	regions, _ := plan.regions()
	oldRegions, _ := state.regions()
	layout, oldLayout := plan.layout(), state.layout()
	want := placement.AssignRegions(layout, regions, brokers, partitionRange(0, len(layout)))
	if len(layout) > len(oldLayout) {
		added := map[int32][]int32{}
		for p := len(oldLayout); p < len(layout); p++ {
			added[int32(p)] = want[int32(p)]
		}
		t, err := cl.FreshTopic(ctx, name)
		if err == nil && (t == nil || len(t.Partitions) == 0) {
			err = fmt.Errorf("topic %q has no partitions", name)
		}
		if err == nil {
			initial := placement.Uniform(added, len(t.Partitions[0].Replicas), brokers)
			if _, err = cl.AddPartitionsPlaced(ctx, name, len(layout), initial); err == nil {
				_, err = settle(ctx, cl, name, initial, added)
			}
		}
		if err != nil {
			resp.Diagnostics.Append(diags.Kafka("Partitions Not Added", doing("ALTER (adding partitions)"), err))
			return
		}
	}
	// Regions whose racks or replication factor changed move in place.
	moved := map[int32][]int32{}
	for p := range oldLayout {
		reg := layout[p]
		o, n := oldRegions[reg], regions[reg]
		if o.ReplicationFactor != n.ReplicationFactor || strings.Join(o.Racks, ",") != strings.Join(n.Racks, ",") {
			moved[int32(p)] = want[int32(p)]
		}
	}
	if len(moved) > 0 {
		if _, err := cl.Place(ctx, name, moved); err != nil {
			resp.Diagnostics.Append(diags.Kafka("Replicas Not Placed", doing("ALTER (reassigning replicas, electing preferred leaders)"), err))
			return
		}
	}
	oldCfg, _ := stringMap(ctx, state.Config)
	newCfg, _ := stringMap(ctx, plan.Config)
	if err := cl.AlterTopicConfig(ctx, name, configChanges(oldCfg, newCfg), false); err != nil {
		resp.Diagnostics.Append(diags.Kafka("Topic Config Not Changed", doing("ALTER_CONFIGS"), err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *geoTopicResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var st geoTopicModel
	resp.Diagnostics.Append(req.State.Get(ctx, &st)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := st.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(d...)
	cl := clusterOf(r.data, st.Cluster.ValueString(), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	destroyTopic(ctx, cl, st.Name.ValueString(), st.ForceDestroy.ValueBool(), &resp.Diagnostics)
}

// ImportState reads <cluster>/<name>; Read reconstructs the regions.
func (r *geoTopicResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	key, name, ok := strings.Cut(req.ID, "/")
	if !ok || name == "" {
		resp.Diagnostics.AddError("Invalid Import ID", fmt.Sprintf("Import ID %q is not <cluster>/<topic>.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("cluster"), key)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("force_destroy"), false)...)
}
