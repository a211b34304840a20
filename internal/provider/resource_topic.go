package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/path"
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
	"github.com/geokafka/terraform-provider-geokafka/internal/topicname"
	"github.com/geokafka/terraform-provider-geokafka/internal/validators"
)

var (
	_ resource.Resource                = (*topicResource)(nil)
	_ resource.ResourceWithConfigure   = (*topicResource)(nil)
	_ resource.ResourceWithImportState = (*topicResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*topicResource)(nil)
)

type topicResource struct{ resourceBase }

// NewTopicResource is the constructor of geokafka_topic.
func NewTopicResource() resource.Resource { return &topicResource{} }

type topicModel struct {
	topicBase
	Partitions        types.Int64      `tfsdk:"partitions"`
	ReplicationFactor types.Int64      `tfsdk:"replication_factor"`
	ReplicaPlacement  []placementModel `tfsdk:"replica_placement"`
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

// layout is the partitions and replicas the model asks for.
func (m topicModel) layout() kafka.Layout {
	es, _ := entries(m.ReplicaPlacement)
	return kafka.Layout{Partitions: int(m.Partitions.ValueInt64()), ReplicationFactor: int(m.ReplicationFactor.ValueInt64()), Placement: es}
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
				MarkdownDescription: "Key of the cluster in the provider's `clusters`. May be omitted when the provider has exactly one cluster. " +
					"Changing it creates the topic on the new cluster and destroys the old one (subject to `force_destroy`).",
				Optional: true,
				Computed: true,
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
				MarkdownDescription: "Replicas of every partition, at most the number of live brokers. " +
					"A change reassigns partitions in place (existing replicas stay, new ones go to the least used racks) and waits until the new replicas are in sync.",
				Required:   true,
				Validators: []validator.Int64{int64validator.Between(1, 32767)},
			},
			"config": schema.MapAttribute{
				MarkdownDescription: "Topic configuration overrides, for example `{ \"retention.ms\" = \"604800000\" }`. " +
					"Keys and values are checked by the cluster at plan. Removing a key resets it to the broker default.",
				ElementType: types.StringType,
				Optional:    true,
			},
			"force_destroy": schema.BoolAttribute{
				MarkdownDescription: "Allow destroying (or replacing) the topic while it holds records. " +
					"Defaults to `false`: destroying a topic with records fails and reports how many it holds. Set it to `true` and apply before destroying.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
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
					"racks": schema.ListAttribute{
						MarkdownDescription: "`broker.rack` values of one region.",
						ElementType:         types.StringType,
						Required:            true,
					},
					"count": schema.Int64Attribute{
						MarkdownDescription: "Replicas of every partition on these racks (-1 in state when partitions differ from the placement).",
						Required:            true,
					},
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
	plan, state, replacing, ok := planTopic[topicModel](ctx, r.data, req, resp)
	if !ok {
		return
	}
	name, key := plan.Name.ValueString(), plan.Cluster.ValueString()
	if replacing {
		plan.TopicID = types.StringUnknown()
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)

	if state != nil && !replacing && !plan.Partitions.IsUnknown() && plan.Partitions.ValueInt64() < state.Partitions.ValueInt64() {
		resp.Diagnostics.AddAttributeError(path.Root("partitions"), "Partitions Cannot Decrease",
			fmt.Sprintf("Topic %q on cluster %q has %d partitions and the configuration asks for %d. Kafka cannot remove partitions. "+
				"Set partitions back to %d, or migrate: create a new topic with the smaller count, move producers and consumers to it, then remove this one.",
				name, key, state.Partitions.ValueInt64(), plan.Partitions.ValueInt64(), state.Partitions.ValueInt64()))
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

	es, placed := entries(plan.ReplicaPlacement)
	if placed {
		// What is wrong whatever the brokers, before asking them.
		if err := placement.Validate(es, int(plan.ReplicationFactor.ValueInt64())); err != nil {
			addPlacementError(&resp.Diagnostics, "Invalid Replica Placement", err)
			return
		}
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
	var brokers []placement.Broker
	if placed && len(es) > 0 {
		info, err := cl.Info(ctx)
		if err != nil {
			addValidationError(ctx, resp, cl, "DESCRIBE", name, err)
			return
		}
		brokers = info.PlacementBrokers()
		if err := placement.Check(es, brokers, int(plan.ReplicationFactor.ValueInt64())); err != nil {
			addPlacementError(&resp.Diagnostics, "Invalid Replica Placement", err)
			return
		}
	}
	if state == nil || replacing {
		// The cluster validates the create (names, collisions with existing
		// names modulo '.' and '_', counts, every config key and value)
		// without creating anything.
		if err := cl.ValidateCreate(ctx, plan.layout().Spec(name, cfg, brokers)); err != nil {
			addValidationError(ctx, resp, cl, "CREATE", name, err)
		}
		return
	}
	r.checkUpdate(ctx, cl, *plan, *state, cfg, resp)
}

// checkUpdate checks a new replication factor against the live brokers, and
// asks the cluster to validate the config change.
func (r *topicResource) checkUpdate(ctx context.Context, cl *kafka.Cluster, plan, state topicModel, cfg map[string]string, resp *resource.ModifyPlanResponse) {
	name := plan.Name.ValueString()
	if rf := plan.ReplicationFactor.ValueInt64(); rf != state.ReplicationFactor.ValueInt64() {
		info, err := cl.Info(ctx)
		if err != nil {
			addValidationError(ctx, resp, cl, "DESCRIBE", name, err)
			return
		}
		if rf > int64(len(info.Brokers)) {
			resp.Diagnostics.AddAttributeError(path.Root("replication_factor"), "Replication Factor Too Large",
				fmt.Sprintf("replication_factor %d is larger than the %d live brokers of cluster %q. Use at most %d.",
					rf, len(info.Brokers), cl.Key, len(info.Brokers)))
			return
		}
	}
	checkConfigChange(ctx, cl, name, state.Config, cfg, resp)
}

func (r *topicResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	createTopic(ctx, r.data, req, resp, func(ctx context.Context, cl *kafka.Cluster, plan *topicModel, cfg map[string]string) (*kafka.Topic, error) {
		return cl.CreateLaidOut(ctx, plan.Name.ValueString(), cfg, plan.layout())
	})
}

func (r *topicResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	name := func() string { return stateString(ctx, req.State, "name") }
	if !movedCluster(ctx, r.data, &req, resp, func(ctx context.Context, cl *kafka.Cluster) (bool, error) {
		t, err := cl.Topic(ctx, name())
		return t != nil, err
	}, func() string { return fmt.Sprintf("Topic %q", name()) }) {
		return
	}
	refreshTopic(ctx, r.data, req, resp, func(ctx context.Context, st *topicModel, cl *kafka.Cluster, t *kafka.Topic) bool {
		importing := st.Partitions.IsNull()
		st.Partitions = types.Int64Value(int64(len(t.Partitions)))
		rf, uniform := t.UniformReplicationFactor()
		if !uniform {
			// Reported as 0 so that the plan shows a change: the next apply
			// reassigns every partition to the declared replication factor.
			resp.Diagnostics.AddWarning("Partitions Have Different Replica Counts",
				fmt.Sprintf("The partitions of topic %q on cluster %q do not all have the same number of replicas, so replication_factor reads as 0. "+
					"Apply to reassign them to the declared replication factor.", st.Name.ValueString(), cl.Key))
		}
		st.ReplicationFactor = types.Int64Value(int64(rf))
		if es, _ := entries(st.ReplicaPlacement); len(es) > 0 {
			info, err := cl.Info(ctx)
			if err != nil {
				resp.Diagnostics.Append(diags.Kafka("Topic Not Read", fmt.Sprintf("DESCRIBE of cluster %q", cl.Key), err))
				return importing
			}
			for i, e := range placement.Drift(es, info.PlacementBrokers(), t.Replicas()) {
				st.ReplicaPlacement[i].Count = types.Int64Value(int64(e.Count))
			}
		}
		return importing
	})
}

// Update reads the topic id back after the change.
func (r *topicResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	updateTopic(ctx, r.data, req, resp, func(ctx context.Context, cl *kafka.Cluster, plan, state *topicModel) error {
		return cl.Relayout(ctx, plan.Name.ValueString(), state.layout(), plan.layout())
	})
}

func (r *topicResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	deleteTopic[topicModel](ctx, r.data, req, &resp.Diagnostics)
}

func (r *topicResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	key, name, err := ids.ParseTopic(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Import ID", err.Error()+".")
		return
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
	importTopic(ctx, resp, key, name)
}
