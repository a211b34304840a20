package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/geokafka/terraform-provider-geokafka/internal/diags"
	"github.com/geokafka/terraform-provider-geokafka/internal/ids"
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
	topicBase
	Regions            map[string]regionModel `tfsdk:"regions"`
	PartitionsByRegion types.Map              `tfsdk:"partitions_by_region"`
	RegionByPartition  types.List             `tfsdk:"region_by_partition"`
}

// regions converts the regions map; ok is false while values are unknown.
func (m geoTopicModel) regions() (map[string]placement.Region, bool) {
	out := map[string]placement.Region{}
	for name, r := range m.Regions {
		if r.Partitions.IsUnknown() || r.ReplicationFactor.IsUnknown() {
			return nil, false
		}
		for _, rk := range r.Racks {
			if rk.IsUnknown() {
				return nil, false
			}
		}
		out[name] = placement.Region{Racks: strs(r.Racks), Partitions: int(r.Partitions.ValueInt64()), ReplicationFactor: int(r.ReplicationFactor.ValueInt64())}
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
			"id": schema.StringAttribute{
				MarkdownDescription: "`<cluster>/<name>`; also the import id.",
				Computed:            true,
			},
			"cluster": schema.StringAttribute{
				MarkdownDescription: "Key of the cluster in the provider's `clusters`; may be omitted with a single cluster. " +
					"Changing it replaces the topic (subject to `force_destroy`).",
				Optional: true,
				Computed: true,
			},
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
					"racks": schema.ListAttribute{
						MarkdownDescription: "`broker.rack` values of the region's brokers.",
						ElementType:         types.StringType,
						Required:            true,
						Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
					},
					"partitions": schema.Int64Attribute{
						MarkdownDescription: "Partitions of the region; it can grow, never shrink.",
						Required:            true,
						Validators:          []validator.Int64{int64validator.AtLeast(1)},
					},
					"replication_factor": schema.Int64Attribute{
						MarkdownDescription: "Replicas of each of the region's partitions, at most its brokers (-1 in state when a partition's replicas left the region).",
						Required:            true,
						Validators:          []validator.Int64{int64validator.AtLeast(1)},
					},
				}},
			},
			"config": schema.MapAttribute{
				MarkdownDescription: "Topic configuration overrides, managed as on `geokafka_topic`: only declared keys are tracked, a removed key is reset.",
				ElementType:         types.StringType,
				Optional:            true,
			},
			"force_destroy": schema.BoolAttribute{
				MarkdownDescription: "Allow destroying (or replacing) the topic while it holds records (default false).",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"topic_id": schema.StringAttribute{
				MarkdownDescription: "Kafka's UUID of the topic.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"partitions_by_region": schema.MapAttribute{
				MarkdownDescription: "Partition numbers of each region, for producers that send a region's records to its partitions.",
				ElementType:         types.ListType{ElemType: types.Int64Type},
				Computed:            true,
			},
			"region_by_partition": schema.ListAttribute{
				MarkdownDescription: "Region of every partition, indexed by partition number.",
				ElementType:         types.StringType,
				Computed:            true,
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
	plan, state, replacing, ok := planTopic[geoTopicModel](ctx, r.data, req, resp)
	if !ok {
		return
	}
	name, key := plan.Name.ValueString(), plan.Cluster.ValueString()
	regions, known := plan.regions()
	if !known {
		resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
		return
	}
	var existing []string
	if state != nil && !replacing {
		existing = state.layout()
	}
	for _, n := range slices.Sorted(maps.Keys(regions)) {
		if err := placement.ValidateRegion(n, regions[n]); err != nil {
			addPlacementError(&resp.Diagnostics, "Invalid Region", err)
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	layout, err := placement.GrowLayout(existing, regions)
	if err != nil {
		addPlacementError(&resp.Diagnostics, "Regions Cannot Shrink", err)
		return
	}
	plan.setLayout(layout)
	if replacing {
		plan.TopicID = types.StringUnknown()
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)

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
	brokers := info.PlacementBrokers()
	for _, n := range slices.Sorted(maps.Keys(regions)) {
		if err := placement.CheckRegion(n, regions[n], brokers); err != nil {
			addPlacementError(&resp.Diagnostics, "Invalid Region", err)
		}
	}
	if resp.Diagnostics.HasError() || !fullyKnown(plan.Config) {
		return
	}
	cfg, _ := stringMap(ctx, plan.Config)
	if state == nil || replacing {
		initial, _ := placement.CreateRegions(layout, regions, brokers)
		if err := cl.ValidateCreate(ctx, kafka.CreateSpec{Name: name, Config: cfg, Assignment: initial}); err != nil {
			addValidationError(ctx, resp, cl, "CREATE", name, err)
		}
		return
	}
	checkConfigChange(ctx, cl, name, state.Config, cfg, resp)
}

func (r *geoTopicResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	createTopic(ctx, r.data, req, resp, func(ctx context.Context, cl *kafka.Cluster, plan *geoTopicModel, cfg map[string]string) (*kafka.Topic, error) {
		regions, _ := plan.regions()
		return cl.CreateRegionalTopic(ctx, plan.Name.ValueString(), cfg, plan.layout(), regions)
	})
}

// Read checks every partition against its region: replicas that left the
// region's racks, or a replica count that changed, read as
// replication_factor = -1 for that region, so the plan puts them back.
func (r *geoTopicResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	refreshTopic(ctx, r.data, req, resp, func(ctx context.Context, st *geoTopicModel, cl *kafka.Cluster, t *kafka.Topic) bool {
		importing := st.Regions == nil
		info, err := cl.Info(ctx)
		if err != nil {
			resp.Diagnostics.Append(diags.Kafka("Topic Not Read", fmt.Sprintf("DESCRIBE of topic %q on cluster %q", st.Name.ValueString(), cl.Key), err))
			return importing
		}
		brokers, replicas := info.PlacementBrokers(), t.Replicas()
		layout := st.layout()
		declared, _ := st.regions()
		if importing {
			declared, layout = placement.ReconstructRegions(brokers, replicas)
			st.Regions = make(map[string]regionModel, len(declared))
			for n, reg := range declared {
				st.Regions[n] = regionModel{Racks: toStrs(reg.Racks)}
			}
		}
		for n, reg := range placement.ObserveRegions(declared, layout, brokers, replicas) {
			m := st.Regions[n]
			m.Partitions = types.Int64Value(int64(reg.Partitions))
			m.ReplicationFactor = types.Int64Value(int64(reg.ReplicationFactor))
			st.Regions[n] = m
		}
		st.setLayout(layout)
		return importing
	})
}

func (r *geoTopicResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	updateTopic(ctx, r.data, req, resp, func(ctx context.Context, cl *kafka.Cluster, plan, state *geoTopicModel) error {
		regions, _ := plan.regions()
		oldRegions, _ := state.regions()
		return cl.RelayoutRegions(ctx, plan.Name.ValueString(), state.layout(), plan.layout(), oldRegions, regions)
	})
}

func (r *geoTopicResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	deleteTopic[geoTopicModel](ctx, r.data, req, &resp.Diagnostics)
}

// ImportState reads <cluster>/<name>; Read reconstructs the regions.
func (r *geoTopicResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	key, name, err := ids.ParseTopic(req.ID)
	if err == nil && key == "" {
		err = fmt.Errorf("import ID %q names no cluster: use <cluster>/<topic>", req.ID)
	}
	if err != nil {
		resp.Diagnostics.AddError("Invalid Import ID", err.Error()+".")
		return
	}
	importTopic(ctx, resp, key, name)
}
