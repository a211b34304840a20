package provider

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/twmb/franz-go/pkg/kerr"

	"github.com/geokafka/terraform-provider-geokafka/internal/diags"
	"github.com/geokafka/terraform-provider-geokafka/internal/kafka"
	"github.com/geokafka/terraform-provider-geokafka/internal/placement"
	"github.com/geokafka/terraform-provider-geokafka/internal/topicconfig"
	"github.com/geokafka/terraform-provider-geokafka/internal/topicname"
	"github.com/geokafka/terraform-provider-geokafka/internal/validators"
)

var (
	_ resource.Resource                = (*topicResource)(nil)
	_ resource.ResourceWithConfigure   = (*topicResource)(nil)
	_ resource.ResourceWithImportState = (*topicResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*topicResource)(nil)
)

const (
	defaultCreateTimeout = 5 * time.Minute
	defaultReadTimeout   = 2 * time.Minute
	defaultUpdateTimeout = 15 * time.Minute // reassignments copy data
	defaultDeleteTimeout = 5 * time.Minute
	planCheckTimeout     = 30 * time.Second
)

type topicResource struct{ resourceBase }

// NewTopicResource is the constructor of geokafka_topic.
func NewTopicResource() resource.Resource { return &topicResource{} }

type topicModel struct {
	ID                types.String     `tfsdk:"id"`
	Cluster           types.String     `tfsdk:"cluster"`
	Name              types.String     `tfsdk:"name"`
	Partitions        types.Int64      `tfsdk:"partitions"`
	ReplicationFactor types.Int64      `tfsdk:"replication_factor"`
	Config            types.Map        `tfsdk:"config"`
	ForceDestroy      types.Bool       `tfsdk:"force_destroy"`
	TopicID           types.String     `tfsdk:"topic_id"`
	ReplicaPlacement  []placementModel `tfsdk:"replica_placement"`
	Timeouts          timeouts.Value   `tfsdk:"timeouts"`
}

type placementModel struct {
	Racks []types.String `tfsdk:"racks"`
	Count types.Int64    `tfsdk:"count"`
}

// entries converts replica_placement; ok is false while values are unknown.
func entries(in []placementModel) (out []placement.Entry, ok bool) {
	for _, e := range in {
		if e.Count.IsUnknown() {
			return nil, false
		}
		pe := placement.Entry{Count: int(e.Count.ValueInt64())}
		for _, r := range e.Racks {
			if r.IsUnknown() {
				return nil, false
			}
			pe.Racks = append(pe.Racks, r.ValueString())
		}
		out = append(out, pe)
	}
	return out, true
}

func brokersOf(info kafka.ClusterInfo) []placement.Broker {
	out := make([]placement.Broker, 0, len(info.Brokers))
	for _, b := range info.Brokers {
		out = append(out, placement.Broker{ID: b.ID, Rack: b.Rack})
	}
	return out
}

func partitionIDs(t *kafka.Topic) []int32 {
	out := make([]int32, 0, len(t.Partitions))
	for _, p := range t.Partitions {
		out = append(out, p.ID)
	}
	return out
}

func partitionRange(from, to int) []int32 {
	out := make([]int32, 0, to-from)
	for p := from; p < to; p++ {
		out = append(out, int32(p))
	}
	return out
}

func (r *topicResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_topic"
}

func (r *topicResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Kafka topic on one cluster of the estate. Only the `config` keys you declare are managed: " +
			"broker defaults never show as changes, and a key removed from `config` is reset to its default on the broker. " +
			"Partitions grow in place; a replication-factor change is an in-place partition reassignment. " +
			"A topic that holds records is never destroyed unless `force_destroy` is true.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<cluster>/<name>`.",
				Computed:            true,
			},
			"cluster": schema.StringAttribute{
				MarkdownDescription: "Key of the cluster in the provider's `clusters`. May be omitted when the provider has exactly one cluster. Changing it creates the topic on the new cluster and destroys the old one (subject to `force_destroy`).",
				Optional:            true,
				Computed:            true,
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Topic name: 1-249 characters of `[a-zA-Z0-9._-]`, not `.` or `..`. Changing it replaces the topic (subject to `force_destroy`).",
				Required:            true,
				Validators:          []validator.String{validators.TopicName()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"partitions": schema.Int64Attribute{
				MarkdownDescription: "Number of partitions. It can grow in place; Kafka cannot remove partitions, so a decrease is refused at plan.",
				Required:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"replication_factor": schema.Int64Attribute{
				MarkdownDescription: "Replicas of every partition, at most the number of live brokers. A change reassigns partitions in place (existing replicas stay, new ones go to the least used racks) and waits until the new replicas are in sync.",
				Required:            true,
				Validators:          []validator.Int64{int64validator.Between(1, 32767)},
			},
			"config": schema.MapAttribute{
				MarkdownDescription: "Topic configuration overrides, for example `{ \"retention.ms\" = \"604800000\" }`. Keys and values are checked by the cluster at plan. Removing a key resets it to the broker default.",
				ElementType:         types.StringType,
				Optional:            true,
			},
			"force_destroy": schema.BoolAttribute{
				MarkdownDescription: "Allow destroying (or replacing) the topic while it holds records. Defaults to `false`: destroying a topic with records fails and reports how many it holds. Set it to `true` and apply before destroying.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"topic_id": schema.StringAttribute{
				MarkdownDescription: "Kafka's UUID of the topic. It stays the same across in-place updates.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"replica_placement": schema.ListNestedAttribute{
				MarkdownDescription: "Explicit placement of every partition's replicas across racks, for topics stretched over regions. " +
					"Each entry puts `count` replicas of every partition on brokers of `racks` (the zones of one region); the counts add up to `replication_factor`, " +
					"and the first entry's racks hold the preferred leaders. Replicas and leaders rotate evenly over the brokers; the same input always yields the same " +
					"assignment, and added partitions never move existing ones. Changing it reassigns in place and elects the preferred leaders. " +
					"Racks without a live broker, counts above the brokers of their racks, or counts that do not add up are refused at plan.",
				Optional: true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"racks": schema.ListAttribute{MarkdownDescription: "`broker.rack` values of one region.", ElementType: types.StringType, Required: true},
					"count": schema.Int64Attribute{MarkdownDescription: "Replicas of every partition on these racks (-1 in state when partitions differ from the placement).", Required: true},
				}},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{
				Create: true, Read: true, Update: true, Delete: true,
				CreateDescription: "How long a create may take, as a duration such as `30s` or `5m` (default `5m`).",
				ReadDescription:   "How long a refresh may take (default `2m`).",
				UpdateDescription: "How long an update may take, including a partition reassignment (default `15m`).",
				DeleteDescription: "How long a destroy may take, until the cluster no longer lists the topic (default `5m`).",
			}),
		},
	}
}

func (r *topicResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	defer refuseOfflineChange(r.data, req, resp)
	if req.Plan.Raw.IsNull() || r.data == nil {
		return // destroy, or provider not configured yet
	}
	var plan topicModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var state *topicModel
	if !req.State.Raw.IsNull() {
		state = &topicModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}

	if plan.Name.IsUnknown() {
		return
	}
	key, replacing, ok := planCluster(ctx, r.data, req, resp)
	if !ok {
		return
	}
	plan.Cluster = types.StringValue(key)
	plan.ID = types.StringValue(key + "/" + plan.Name.ValueString())
	if detail, bad := r.data.topicNotAllowed(plan.Name.ValueString(), key); bad {
		resp.Diagnostics.AddAttributeError(path.Root("cluster"), "Topic Not Allowed On This Cluster", detail)
		return
	}
	if state != nil && state.Name.ValueString() != plan.Name.ValueString() {
		replacing = true
	}
	if replacing {
		plan.TopicID = types.StringUnknown()
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)

	if state != nil && !replacing && !plan.Partitions.IsUnknown() && plan.Partitions.ValueInt64() < state.Partitions.ValueInt64() {
		resp.Diagnostics.AddAttributeError(path.Root("partitions"), "Partitions Cannot Decrease",
			fmt.Sprintf("Topic %q on cluster %q has %d partitions and the configuration asks for %d. Kafka cannot remove partitions. "+
				"Set partitions back to %d, or migrate: create a new topic with the smaller count, move producers and consumers to it, then remove this one.",
				plan.Name.ValueString(), key, state.Partitions.ValueInt64(), plan.Partitions.ValueInt64(), state.Partitions.ValueInt64()))
	}
	if resp.Diagnostics.HasError() || plan.Partitions.IsUnknown() || plan.ReplicationFactor.IsUnknown() || !fullyKnown(plan.Config) {
		return // values computed during apply: the cluster checks them then
	}
	cfg, d := stringMap(ctx, plan.Config)
	resp.Diagnostics.Append(d...)
	if d.HasError() {
		return
	}
	for k, v := range cfg {
		if v == "" {
			resp.Diagnostics.AddAttributeError(path.Root("config").AtMapKey(k), "Empty Config Value",
				fmt.Sprintf("config[%q] is empty. Remove the key to use the broker default, or give it a value.", k))
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}

	cl, err := r.data.clusters.Cluster(key)
	if errors.Is(err, kafka.ErrOffline) {
		return // refuseOfflineChange decides
	}
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("cluster"), "Invalid Cluster", err.Error())
		return
	}
	ctx, cancel := context.WithTimeout(ctx, planCheckTimeout)
	defer cancel()
	var assignment map[int32][]int32
	if es, known := entries(plan.ReplicaPlacement); known && len(es) > 0 {
		info, err := cl.Info(ctx)
		if err != nil {
			addValidationError(resp, cl, "DESCRIBE", plan.Name.ValueString(), err)
			return
		}
		if err := placement.Check(es, brokersOf(info), int(plan.ReplicationFactor.ValueInt64())); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("replica_placement"), "Invalid Replica Placement", err.Error()+".")
			return
		}
		assignment = placement.Assign(es, brokersOf(info), partitionRange(0, int(plan.Partitions.ValueInt64())))
	}
	if state == nil || replacing {
		r.checkCreate(ctx, cl, plan, cfg, assignment, resp)
		return
	}
	r.checkUpdate(ctx, cl, plan, *state, cfg, resp)
}

// checkCreate asks the cluster to validate the create (names, collisions
// with existing names modulo '.' and '_', counts, every config key and value)
// without creating anything.
func (r *topicResource) checkCreate(ctx context.Context, cl *kafka.Cluster, plan topicModel, cfg map[string]string, assignment map[int32][]int32, resp *resource.ModifyPlanResponse) {
	name := plan.Name.ValueString()
	err := cl.ValidateCreate(ctx, kafka.CreateSpec{
		Name: name, Partitions: int32(plan.Partitions.ValueInt64()),
		ReplicationFactor: int16(plan.ReplicationFactor.ValueInt64()), Config: cfg, Assignment: assignment,
	})
	if err != nil {
		addValidationError(resp, cl, "CREATE", name, err)
		return
	}
}

func (r *topicResource) checkUpdate(ctx context.Context, cl *kafka.Cluster, plan, state topicModel, cfg map[string]string, resp *resource.ModifyPlanResponse) {
	name := plan.Name.ValueString()
	if plan.ReplicationFactor.ValueInt64() != state.ReplicationFactor.ValueInt64() {
		info, err := cl.Info(ctx)
		if err != nil {
			addValidationError(resp, cl, "DESCRIBE", name, err)
			return
		}
		if rf := plan.ReplicationFactor.ValueInt64(); rf > int64(len(info.Brokers)) {
			resp.Diagnostics.AddAttributeError(path.Root("replication_factor"), "Replication Factor Too Large",
				fmt.Sprintf("replication_factor %d is larger than the %d live brokers of cluster %q. Use at most %d.", rf, len(info.Brokers), cl.Key, len(info.Brokers)))
			return
		}
	}
	old, d := stringMap(ctx, state.Config)
	resp.Diagnostics.Append(d...)
	if err := cl.AlterTopicConfig(ctx, name, configChanges(old, cfg), true); err != nil {
		addValidationError(resp, cl, "ALTER_CONFIGS", name, err)
	}
}

// addValidationError attaches a cluster's refusal to the attribute it is
// about. A cluster that cannot be reached only warns: plan-time checks are a
// courtesy, apply still checks.
func addValidationError(resp *resource.ModifyPlanResponse, cl *kafka.Cluster, op, name string, err error) {
	var ke *kerr.Error
	if !errors.As(err, &ke) {
		resp.Diagnostics.AddWarning("Topic Not Validated Against The Cluster",
			fmt.Sprintf("Could not ask cluster %q to validate topic %q: %s. The plan was not checked against the brokers.", cl.Key, name, kafka.Explain(err)))
		return
	}
	at, summary := path.Empty(), "Topic Refused By The Cluster"
	switch ke {
	case kerr.InvalidReplicationFactor:
		at, summary = path.Root("replication_factor"), "Invalid Replication Factor"
	case kerr.InvalidPartitions:
		at, summary = path.Root("partitions"), "Invalid Partitions"
	case kerr.InvalidConfig, kerr.InvalidRequest:
		at, summary = path.Root("config"), "Invalid Topic Config"
	case kerr.InvalidTopicException:
		at, summary = path.Root("name"), "Invalid Topic Name"
	case kerr.TopicAlreadyExists:
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Topic Already Exists",
			fmt.Sprintf("Topic %q already exists on cluster %q and is not managed by this configuration. Import it with an import block (id = %q) or `terraform import`, or choose another name.",
				name, cl.Key, cl.Key+"/"+name))
		return
	}
	resp.Diagnostics.Append(diags.KafkaAt(at, summary, fmt.Sprintf("Checking %s of topic %q on cluster %q (validate only, nothing changed)", op, name, cl.Key), err))
}

// configChanges turns the difference between the config in state and the
// planned one into incremental operations: set new or changed keys, reset
// removed ones.
func configChanges(old, planned map[string]string) []kafka.ConfigChange {
	set, reset := topicconfig.ConfigDiff(old, planned)
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]kafka.ConfigChange, 0, len(set)+len(reset))
	for _, k := range keys {
		out = append(out, kafka.ConfigChange{Key: k, Value: set[k]})
	}
	for _, k := range reset {
		out = append(out, kafka.ConfigChange{Key: k, Delete: true})
	}
	return out
}

func (r *topicResource) cluster(key string, diags *diag.Diagnostics) *kafka.Cluster {
	return clusterOf(r.data, key, diags)
}

func (r *topicResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan topicModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(d...)
	cl := r.cluster(plan.Cluster.ValueString(), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	cfg, d := stringMap(ctx, plan.Config)
	resp.Diagnostics.Append(d...)
	name := plan.Name.ValueString()
	spec := kafka.CreateSpec{
		Name: name, Partitions: int32(plan.Partitions.ValueInt64()),
		ReplicationFactor: int16(plan.ReplicationFactor.ValueInt64()), Config: cfg,
	}
	if es, _ := entries(plan.ReplicaPlacement); len(es) > 0 {
		info, err := cl.FreshInfo(ctx)
		if err != nil {
			resp.Diagnostics.Append(diags.Kafka("Topic Not Created", fmt.Sprintf("DESCRIBE of cluster %q", cl.Key), err))
			return
		}
		spec.Assignment = placement.Assign(es, brokersOf(info), partitionRange(0, int(spec.Partitions)))
	}
	t, err := cl.CreateTopic(ctx, spec)
	if err != nil {
		resp.Diagnostics.Append(diags.Kafka("Topic Not Created", fmt.Sprintf("CREATE of topic %q on cluster %q", name, cl.Key), err))
		return
	}
	plan.ID = types.StringValue(cl.Key + "/" + name)
	plan.Cluster = types.StringValue(cl.Key)
	plan.TopicID = types.StringValue(t.ID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *topicResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if keepOffline(ctx, r.data, req.State, "cluster", &resp.Diagnostics) {
		return
	}
	var st topicModel
	resp.Diagnostics.Append(req.State.Get(ctx, &st)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := st.Timeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(d...)
	cl := r.cluster(st.Cluster.ValueString(), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	name := st.Name.ValueString()
	t, err := cl.Topic(ctx, name)
	if err != nil {
		resp.Diagnostics.Append(diags.Kafka("Topic Not Read", fmt.Sprintf("DESCRIBE of topic %q on cluster %q", name, cl.Key), err))
		return
	}
	if t == nil {
		tflog.Warn(ctx, "topic no longer exists; removing it from state", map[string]any{"cluster": cl.Key, "topic": name})
		resp.State.RemoveResource(ctx)
		return
	}
	importing := st.Partitions.IsNull()
	st.ID = types.StringValue(cl.Key + "/" + name)
	st.Cluster = types.StringValue(cl.Key)
	st.TopicID = types.StringValue(t.ID)
	st.Partitions = types.Int64Value(int64(len(t.Partitions)))
	rf, uniform := t.UniformReplicationFactor()
	if !uniform {
		// Reported as 0 so that the plan shows a change: the next apply
		// reassigns every partition to the declared replication factor.
		resp.Diagnostics.AddWarning("Partitions Have Different Replica Counts",
			fmt.Sprintf("The partitions of topic %q on cluster %q do not all have the same number of replicas, so replication_factor reads as 0. Apply to reassign them to the declared replication factor.", name, cl.Key))
	}
	st.ReplicationFactor = types.Int64Value(int64(rf))
	if st.ForceDestroy.IsNull() {
		st.ForceDestroy = types.BoolValue(false)
	}
	if es, _ := entries(st.ReplicaPlacement); len(es) > 0 {
		info, err := cl.Info(ctx)
		if err != nil {
			resp.Diagnostics.Append(diags.Kafka("Topic Not Read", fmt.Sprintf("DESCRIBE of cluster %q", cl.Key), err))
			return
		}
		current := make(map[int32][]int32, len(t.Partitions))
		for _, p := range t.Partitions {
			current[p.ID] = p.Replicas
		}
		obs := placement.Observe(es, brokersOf(info), current)
		// The placement is an exact assignment: replicas moved within the
		// same racks, or leaders moved out of the first entry, are drift too.
		if reflect.DeepEqual(obs, es) && !reflect.DeepEqual(current, placement.Assign(es, brokersOf(info), partitionIDs(t))) {
			obs[0].Count = -1
		}
		for i, e := range obs {
			st.ReplicaPlacement[i].Count = types.Int64Value(int64(e.Count))
		}
	}
	st.Config, d = readConfig(ctx, st.Config, t, importing)
	resp.Diagnostics.Append(d...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &st)...)
}

// readConfig reports the cluster's current value of every declared key, so
// an out-of-band change shows as drift, and ignores undeclared keys. On
// import, every override set on the topic is taken.
func readConfig(ctx context.Context, declared types.Map, t *kafka.Topic, importing bool) (types.Map, diag.Diagnostics) {
	if importing {
		o := t.Overrides()
		if len(o) == 0 {
			return types.MapNull(types.StringType), nil
		}
		return types.MapValueFrom(ctx, types.StringType, o)
	}
	if declared.IsNull() || declared.IsUnknown() {
		return declared, nil
	}
	out := map[string]attr.Value{}
	for k, v := range declared.Elements() {
		e, ok := t.Config[k]
		switch {
		case !ok:
			continue // the broker no longer knows the key: show it as to be set
		case e.Sensitive:
			out[k] = v // the broker hides sensitive values
		default:
			out[k] = types.StringValue(e.Value)
		}
	}
	return types.MapValue(types.StringType, out)
}

func (r *topicResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state topicModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := plan.Timeouts.Update(ctx, defaultUpdateTimeout)
	resp.Diagnostics.Append(d...)
	cl := r.cluster(plan.Cluster.ValueString(), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	name := plan.Name.ValueString()
	doing := func(what string) string { return fmt.Sprintf("%s of topic %q on cluster %q", what, name, cl.Key) }

	planned, _ := entries(plan.ReplicaPlacement)
	var brokers []placement.Broker
	if len(planned) > 0 {
		info, err := cl.FreshInfo(ctx)
		if err != nil {
			resp.Diagnostics.Append(diags.Kafka("Topic Not Updated", fmt.Sprintf("DESCRIBE of cluster %q", cl.Key), err))
			return
		}
		brokers = brokersOf(info)
	}
	if p := int(plan.Partitions.ValueInt64()); p > int(state.Partitions.ValueInt64()) {
		var err error
		if len(planned) > 0 {
			_, err = cl.AddPartitionsPlaced(ctx, name, p, placement.Assign(planned, brokers, partitionRange(int(state.Partitions.ValueInt64()), p)))
		} else {
			_, err = cl.AddPartitions(ctx, name, p)
		}
		if err != nil {
			resp.Diagnostics.Append(diags.Kafka("Partitions Not Added", doing("ALTER (adding partitions)"), err))
			return
		}
	}
	old, _ := entries(state.ReplicaPlacement)
	rf := int(plan.ReplicationFactor.ValueInt64())
	if len(planned) > 0 && (rf != int(state.ReplicationFactor.ValueInt64()) || !reflect.DeepEqual(old, planned)) {
		want := placement.Assign(planned, brokers, partitionRange(0, int(plan.Partitions.ValueInt64())))
		if _, err := cl.Place(ctx, name, want); err != nil {
			resp.Diagnostics.Append(diags.Kafka("Replicas Not Placed", doing("ALTER (reassigning replicas, electing preferred leaders)"), err))
			return
		}
	} else if rf != int(state.ReplicationFactor.ValueInt64()) {
		if err := changeReplicationFactor(ctx, cl, name, rf); err != nil {
			resp.Diagnostics.Append(diags.Kafka("Replication Factor Not Changed", doing("ALTER (reassigning replicas)"), err))
			return
		}
	}
	oldCfg, d := stringMap(ctx, state.Config)
	resp.Diagnostics.Append(d...)
	newCfg, d := stringMap(ctx, plan.Config)
	resp.Diagnostics.Append(d...)
	if err := cl.AlterTopicConfig(ctx, name, configChanges(oldCfg, newCfg), false); err != nil {
		resp.Diagnostics.Append(diags.Kafka("Topic Config Not Changed", doing("ALTER_CONFIGS"), err))
		return
	}
	t, err := cl.Topic(ctx, name)
	if err != nil || t == nil {
		if err == nil {
			err = kerr.UnknownTopicOrPartition
		}
		resp.Diagnostics.Append(diags.Kafka("Topic Not Read", doing("DESCRIBE (reading back)"), err))
		return
	}
	plan.TopicID = types.StringValue(t.ID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// changeReplicationFactor reassigns every partition to rf replicas, keeping
// the existing ones, and waits until the cluster has moved the data.
func changeReplicationFactor(ctx context.Context, cl *kafka.Cluster, name string, rf int) error {
	t, err := cl.FreshTopic(ctx, name)
	if err != nil {
		return err
	}
	if t == nil {
		return kerr.UnknownTopicOrPartition
	}
	info, err := cl.FreshInfo(ctx)
	if err != nil {
		return err
	}
	brokers := make([]placement.Broker, 0, len(info.Brokers))
	for _, b := range info.Brokers {
		brokers = append(brokers, placement.Broker{ID: b.ID, Rack: b.Rack})
	}
	current := make(map[int32][]int32, len(t.Partitions))
	for _, p := range t.Partitions {
		current[p.ID] = p.Replicas
	}
	assignment, err := placement.ChangeReplicationFactor(current, brokers, rf)
	if err != nil {
		return err
	}
	_, err = cl.Reassign(ctx, name, assignment)
	return err
}

func (r *topicResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var st topicModel
	resp.Diagnostics.Append(req.State.Get(ctx, &st)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := st.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(d...)
	cl := r.cluster(st.Cluster.ValueString(), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	destroyTopic(ctx, cl, st.Name.ValueString(), st.ForceDestroy.ValueBool(), &resp.Diagnostics)
}

// destroyTopic deletes a topic unless it holds records and force is false,
// and waits until the cluster no longer lists it.
func destroyTopic(ctx context.Context, cl *kafka.Cluster, name string, force bool, d *diag.Diagnostics) {
	if !force {
		n, err := cl.RecordCount(ctx, name)
		if err != nil && !errors.Is(err, kerr.UnknownTopicOrPartition) {
			d.Append(diags.Kafka("Topic Not Destroyed", fmt.Sprintf("Counting the records of topic %q on cluster %q", name, cl.Key), err))
			return
		}
		if n > 0 {
			d.AddError("Topic Holds Records",
				fmt.Sprintf("Topic %q on cluster %q holds %d records, and force_destroy is false, so it was not destroyed. "+
					"To delete the topic and its data, set force_destroy = true, apply, then destroy. To keep the data, remove the resource from the configuration with a removed block (or terraform state rm) instead.",
					name, cl.Key, n))
			return
		}
	}
	if err := cl.DeleteTopic(ctx, name); err != nil {
		d.Append(diags.Kafka("Topic Not Destroyed", fmt.Sprintf("DELETE of topic %q on cluster %q", name, cl.Key), err))
	}
}

func (r *topicResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	key, name, ok := strings.Cut(req.ID, "/")
	if !ok {
		key, name = "", req.ID
	}
	if r.data != nil {
		k, err := r.data.clusters.Resolve(key)
		if err != nil {
			resp.Diagnostics.AddError("Invalid Import ID",
				fmt.Sprintf("Import ID %q: %s. Use <cluster>/<topic>, or <topic> when the provider has a single cluster.", req.ID, err))
			return
		}
		key = k
	}
	if err := topicname.Validate(name); err != nil {
		resp.Diagnostics.AddError("Invalid Import ID", fmt.Sprintf("Import ID %q: %s. Use <cluster>/<topic>.", req.ID, err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), key+"/"+name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("cluster"), key)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("force_destroy"), false)...)
}

func fullyKnown(m types.Map) bool {
	if m.IsUnknown() {
		return false
	}
	for _, v := range m.Elements() {
		if v.IsUnknown() {
			return false
		}
	}
	return true
}

func stringMap(ctx context.Context, m types.Map) (map[string]string, diag.Diagnostics) {
	out := map[string]string{}
	if m.IsNull() || m.IsUnknown() {
		return out, nil
	}
	d := m.ElementsAs(ctx, &out, false)
	return out, d
}
