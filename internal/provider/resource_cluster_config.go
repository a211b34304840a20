package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/geokafka/terraform-provider-geokafka/internal/diags"
	"github.com/geokafka/terraform-provider-geokafka/internal/ids"
)

var (
	_ resource.Resource                = (*clusterConfigResource)(nil)
	_ resource.ResourceWithConfigure   = (*clusterConfigResource)(nil)
	_ resource.ResourceWithImportState = (*clusterConfigResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*clusterConfigResource)(nil)
)

type clusterConfigResource struct{ resourceBase }

// NewClusterConfigResource is the constructor of geokafka_cluster_config.
func NewClusterConfigResource() resource.Resource { return &clusterConfigResource{} }

type clusterConfigModel struct {
	ID       types.String `tfsdk:"id"`
	Cluster  types.String `tfsdk:"cluster"`
	BrokerID types.Int64  `tfsdk:"broker_id"`
	Config   types.Map    `tfsdk:"config"`
}

func (m clusterConfigModel) broker() *int32 {
	if m.BrokerID.IsNull() || m.BrokerID.IsUnknown() {
		return nil
	}
	id := int32(m.BrokerID.ValueInt64())
	return &id
}

func (r *clusterConfigResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_config"
}

func (r *clusterConfigResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Dynamic broker settings of one cluster: the cluster-wide defaults of every broker, or one broker's own settings with `broker_id`. " +
			"Only the keys you declare are managed; removing a key resets it, and destroying the resource removes every key it set. " +
			"Keys that cannot be changed dynamically at that level are refused at plan by the brokers themselves.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<cluster>` or `<cluster>|<broker_id>`; also the import id.",
				Computed:            true,
			},
			"cluster": schema.StringAttribute{
				MarkdownDescription: "Key of the cluster in the provider's `clusters`; may be omitted with a single cluster. Changing it replaces the resource.",
				Optional:            true,
				Computed:            true,
			},
			"broker_id": schema.Int64Attribute{
				MarkdownDescription: "Set only this broker's settings instead of the cluster-wide defaults. Changing it replaces the resource.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(0)},
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"config": schema.MapAttribute{
				MarkdownDescription: "Settings, for example `{ \"log.retention.ms\" = \"604800000\", \"message.max.bytes\" = \"2097152\" }`.",
				ElementType:         types.StringType,
				Required:            true,
			},
		},
	}
}

func (r *clusterConfigResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	defer refuseOfflineChange(r.data, req, resp)
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	key, _, ok := planCluster(ctx, r.data, req, resp)
	if !ok {
		return
	}
	var plan clusterConfigModel
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.BrokerID.IsUnknown() || !fullyKnown(plan.Config) {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), ids.ClusterConfig(key, plan.broker()))...)
	var old map[string]string
	if !req.State.Raw.IsNull() {
		var state clusterConfigModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		old, _ = stringMap(ctx, state.Config)
	}
	cfg, d := stringMap(ctx, plan.Config)
	resp.Diagnostics.Append(d...)
	cl, err := r.data.clusters.Cluster(key)
	if err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, planCheckTimeout)
	defer cancel()
	if b := plan.broker(); b != nil {
		if info, err := cl.Info(ctx); err == nil && !info.HasBroker(*b) {
			resp.Diagnostics.AddAttributeError(path.Root("broker_id"), "Unknown Broker",
				fmt.Sprintf("Cluster %q has no live broker %d; its brokers are %s. Use one of them, or remove broker_id to set the cluster-wide defaults.", key, *b, info.BrokerIDs()))
			return
		}
	}
	// Brokers accept unknown keys (plugins read custom ones), so the plan
	// checks keys against the settings a broker reports first.
	if known, err := cl.BrokerSettings(ctx); err == nil {
		for k := range cfg {
			dynamic, ok := known[k]
			switch {
			case !ok:
				release := "your Kafka release"
				if v, err := cl.Version(ctx); err == nil {
					release = v.String()
				}
				resp.Diagnostics.AddAttributeError(path.Root("config").AtMapKey(k), "Unknown Broker Setting",
					fmt.Sprintf("The brokers of cluster %q have no setting %q. Check its spelling against the broker configuration reference of %s, which the cluster runs.", key, k, release))
			case !dynamic:
				resp.Diagnostics.AddAttributeError(path.Root("config").AtMapKey(k), "Setting Not Dynamic",
					fmt.Sprintf("%q can only be set in the brokers' server.properties and takes effect after a restart; it cannot be changed through the admin API.", k))
			}
		}
		if resp.Diagnostics.HasError() {
			return
		}
	}
	if err := cl.AlterBrokerConfig(ctx, plan.broker(), configChanges(old, cfg), true); err != nil {
		resp.Diagnostics.Append(diags.KafkaAt(path.Root("config"), "Setting Refused By The Cluster",
			fmt.Sprintf("Checking the settings of %s (validate only)", describeLevel(key, plan.broker())), err))
	}
}

func describeLevel(cluster string, broker *int32) string {
	if broker == nil {
		return fmt.Sprintf("the cluster-wide defaults of cluster %q", cluster)
	}
	return fmt.Sprintf("broker %d of cluster %q", *broker, cluster)
}

func (r *clusterConfigResource) apply(ctx context.Context, plan clusterConfigModel, old map[string]string) (string, error) {
	cl, err := r.data.clusters.Cluster(plan.Cluster.ValueString())
	if err != nil {
		return "", err
	}
	cfg, _ := stringMap(ctx, plan.Config)
	ctx, cancel := context.WithTimeout(ctx, defaultCreateTimeout)
	defer cancel()
	return cl.Key, cl.AlterBrokerConfig(ctx, plan.broker(), configChanges(old, cfg), false)
}

func (r *clusterConfigResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan clusterConfigModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	key, err := r.apply(ctx, plan, nil)
	if err != nil {
		resp.Diagnostics.Append(diags.Kafka("Settings Not Applied", "ALTER_CONFIGS of "+describeLevel(plan.Cluster.ValueString(), plan.broker()), err))
		return
	}
	plan.Cluster = types.StringValue(key)
	plan.ID = types.StringValue(ids.ClusterConfig(key, plan.broker()))
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *clusterConfigResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state clusterConfigModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	old, _ := stringMap(ctx, state.Config)
	if _, err := r.apply(ctx, plan, old); err != nil {
		resp.Diagnostics.Append(diags.Kafka("Settings Not Applied", "ALTER_CONFIGS of "+describeLevel(plan.Cluster.ValueString(), plan.broker()), err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Read reports the current value of each declared key; a key reset out of
// band drops out, so the plan sets it again.
func (r *clusterConfigResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if keepOffline(ctx, r.data, req.State, "cluster", &resp.Diagnostics) {
		return
	}
	var st clusterConfigModel
	cl, ctx, cancel := openModel(ctx, r.data, req.State, &st, defaultReadTimeout, &resp.Diagnostics)
	if cl == nil {
		return
	}
	defer cancel()
	current, err := cl.BrokerConfig(ctx, st.broker())
	if err != nil {
		resp.Diagnostics.Append(diags.Kafka("Settings Not Read", "DESCRIBE_CONFIGS of "+describeLevel(cl.Key, st.broker()), err))
		return
	}
	out := map[string]attr.Value{}
	if st.Config.IsNull() { // import: take every setting of the level
		for k, v := range current {
			out[k] = types.StringValue(v)
		}
	} else {
		for k := range st.Config.Elements() {
			if v, ok := current[k]; ok {
				out[k] = types.StringValue(v)
			}
		}
	}
	st.Config = types.MapValueMust(types.StringType, out)
	st.Cluster = types.StringValue(cl.Key)
	st.ID = types.StringValue(ids.ClusterConfig(cl.Key, st.broker()))
	resp.Diagnostics.Append(resp.State.Set(ctx, &st)...)
}

// Delete removes every key the resource set, so the brokers fall back to
// their static or built-in values.
func (r *clusterConfigResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var st clusterConfigModel
	resp.Diagnostics.Append(req.State.Get(ctx, &st)...)
	if resp.Diagnostics.HasError() {
		return
	}
	old, _ := stringMap(ctx, st.Config)
	st.Config = types.MapValueMust(types.StringType, map[string]attr.Value{})
	if _, err := r.apply(ctx, st, old); err != nil {
		resp.Diagnostics.Append(diags.Kafka("Settings Not Removed", "ALTER_CONFIGS of "+describeLevel(st.Cluster.ValueString(), st.broker()), err))
	}
}

// ImportState reads <cluster> or <cluster>|<broker_id>.
func (r *clusterConfigResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	key, broker, err := ids.ParseClusterConfig(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Import ID", err.Error()+".")
		return
	}
	if broker != nil {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("broker_id"), int64(*broker))...)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("cluster"), key)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}
