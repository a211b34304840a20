package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/geokafka/terraform-provider-geokafka/internal/diags"
	"github.com/geokafka/terraform-provider-geokafka/internal/kafka"
	"github.com/geokafka/terraform-provider-geokafka/internal/mapdiff"
	"github.com/geokafka/terraform-provider-geokafka/internal/quota"
)

var (
	_ resource.Resource                   = (*quotaResource)(nil)
	_ resource.ResourceWithConfigure      = (*quotaResource)(nil)
	_ resource.ResourceWithImportState    = (*quotaResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*quotaResource)(nil)
	_ resource.ResourceWithValidateConfig = (*quotaResource)(nil)
)

type quotaResource struct{ resourceBase }

// NewQuotaResource is the constructor of geokafka_quota.
func NewQuotaResource() resource.Resource { return &quotaResource{} }

type quotaEntityModel struct {
	User     types.String `tfsdk:"user"`
	ClientID types.String `tfsdk:"client_id"`
	IP       types.String `tfsdk:"ip"`
}

type quotaModel struct {
	ID      types.String      `tfsdk:"id"`
	Cluster types.String      `tfsdk:"cluster"`
	Entity  *quotaEntityModel `tfsdk:"entity"`
	Config  types.Map         `tfsdk:"config"`
}

// entity converts the entity attribute; known is false while a name is unknown.
func (m *quotaEntityModel) entity() (e quota.Entity, known bool) {
	e = quota.Entity{}
	for t, v := range map[string]types.String{quota.User: m.User, quota.ClientID: m.ClientID, quota.IP: m.IP} {
		if v.IsUnknown() {
			return nil, false
		}
		if !v.IsNull() {
			e[t] = v.ValueString()
		}
	}
	return e, true
}

func (r *quotaResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_quota"
}

func (r *quotaResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	name := func(what string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: fmt.Sprintf("The %s the quota applies to; `%s` for the default of every %s without a quota of its own.", what, quota.Default, what),
			Optional:            true,
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Client quotas of one entity (a user, a client id, both, or an IP address) on one cluster. " +
			"The resource owns every quota of its entity: values set outside Terraform show as drift, and a key removed from `config` is removed on the brokers.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<cluster>|<entity>`, where the entity reads like `user=alice,client-id=app`; also the import id.",
				Computed:            true,
			},
			"cluster": schema.StringAttribute{
				MarkdownDescription: "Key of the cluster in the provider's `clusters`; may be omitted with a single cluster. Changing it replaces the quota.",
				Optional:            true,
				Computed:            true,
			},
			"entity": schema.SingleNestedAttribute{
				MarkdownDescription: "Who the quotas apply to: `user`, `client_id`, both, or `ip` alone. Changing it replaces the quota.",
				Required:            true,
				PlanModifiers:       []planmodifier.Object{objectplanmodifier.RequiresReplace()},
				Attributes: map[string]schema.Attribute{
					"user":      name("user"),
					"client_id": name("client id"),
					"ip":        name("IP address"),
				},
			},
			"config": schema.MapAttribute{
				MarkdownDescription: "Quota values. Users and client ids take `producer_byte_rate` and `consumer_byte_rate` (bytes per second per broker), " +
					"`request_percentage` (percent of one thread's time, across request-handler and network threads, per broker) " +
					"and `controller_mutation_rate` (partition mutations per second); " +
					"IP addresses take `connection_creation_rate` (connections per second per broker). " +
					"Values are positive; Kafka applies byte rates per broker.",
				ElementType: types.Float64Type,
				Required:    true,
			},
		},
	}
}

// entityUnknown is true while the whole entity is unknown (a module's input
// while Terraform validates, or a value computed at apply), which quotaModel
// cannot hold: the checks wait for it.
func entityUnknown(ctx context.Context, get func(context.Context, path.Path, any) diag.Diagnostics) bool {
	var obj types.Object
	get(ctx, path.Root("entity"), &obj)
	return obj.IsUnknown()
}

func (r *quotaResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if entityUnknown(ctx, req.Config.GetAttribute) {
		return
	}
	var m quotaModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.Entity == nil {
		return
	}
	e, known := m.Entity.entity()
	if !known {
		return
	}
	if err := e.Check(); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("entity"), "Invalid Quota Entity", err.Error()+".")
		return
	}
	if !fullyKnown(m.Config) {
		return
	}
	values, d := floatMap(ctx, m.Config)
	resp.Diagnostics.Append(d...)
	if len(values) == 0 && !resp.Diagnostics.HasError() {
		resp.Diagnostics.AddAttributeError(path.Root("config"), "No Quota Values",
			"config is empty: set at least one of "+strings.Join(e.Keys(), ", ")+", or remove the resource.")
	}
	for k, problem := range e.CheckValues(values) {
		resp.Diagnostics.AddAttributeError(path.Root("config").AtMapKey(k), "Invalid Quota", problem)
	}
}

func (r *quotaResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	defer refuseOfflineChange(r.data, req, resp)
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	key, _, ok := planCluster(ctx, r.data, req, resp)
	if !ok {
		return
	}
	if entityUnknown(ctx, resp.Plan.GetAttribute) {
		return
	}
	var plan quotaModel
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.Entity == nil {
		return
	}
	e, known := plan.Entity.entity()
	if !known || e.Check() != nil || !fullyKnown(plan.Config) {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), key+"|"+e.ID())...)
	cl, err := r.data.clusters.Cluster(key)
	if err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, planCheckTimeout)
	defer cancel()
	var old map[string]float64
	if req.State.Raw.IsNull() {
		existing, err := cl.Quota(ctx, e)
		if err == nil && len(existing) > 0 {
			resp.Diagnostics.AddAttributeError(path.Root("entity"), "Quota Entity Already Has Quotas",
				fmt.Sprintf("Entity %s already has quotas on cluster %q that this configuration does not manage. "+
					"Import them (id %q) instead of creating the resource.", e.ID(), key, key+"|"+e.ID()))
			return
		}
	} else {
		var state quotaModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		old, _ = floatMap(ctx, state.Config)
	}
	values, _ := floatMap(ctx, plan.Config)
	set, remove := mapdiff.Diff(old, values)
	if err := cl.AlterQuota(ctx, e, set, remove, true); err != nil {
		resp.Diagnostics.Append(diags.KafkaAt(path.Root("config"), "Quota Refused By The Cluster",
			fmt.Sprintf("Checking the quotas of %s on cluster %q (validate only)", e.ID(), key), err))
	}
}

func (r *quotaResource) apply(ctx context.Context, plan quotaModel, old map[string]float64, summary string, d *diag.Diagnostics) {
	cl := clusterOf(r.data, plan.Cluster.ValueString(), d)
	if d.HasError() {
		return
	}
	e, _ := plan.Entity.entity()
	values, dd := floatMap(ctx, plan.Config)
	d.Append(dd...)
	set, remove := mapdiff.Diff(old, values)
	if err := cl.AlterQuota(ctx, e, set, remove, false); err != nil {
		d.Append(diags.Kafka(summary, fmt.Sprintf("Setting quotas of %s on cluster %q", e.ID(), cl.Key), err))
	}
}

func (r *quotaResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan quotaModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, defaultCreateTimeout)
	defer cancel()
	r.apply(ctx, plan, nil, "Quota Not Created", &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	e, _ := plan.Entity.entity()
	plan.ID = types.StringValue(plan.Cluster.ValueString() + "|" + e.ID())
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *quotaResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if keepOffline(ctx, r.data, req.State, "cluster", &resp.Diagnostics) {
		return
	}
	entity := func() quota.Entity {
		var st quotaModel
		_ = req.State.Get(ctx, &st)
		e, _ := st.Entity.entity()
		return e
	}
	if !movedCluster(ctx, r.data, &req, resp, func(ctx context.Context, cl *kafka.Cluster) (bool, error) {
		values, err := cl.Quota(ctx, entity())
		return len(values) > 0, err
	}, func() string { return fmt.Sprintf("The quota of %s", entity().ID()) }) {
		return
	}
	var st quotaModel
	cl, ctx, cancel := openModel(ctx, r.data, req.State, &st, defaultReadTimeout, &resp.Diagnostics)
	if cl == nil {
		return
	}
	defer cancel()
	e, _ := st.Entity.entity()
	values, err := cl.Quota(ctx, e)
	if err != nil {
		resp.Diagnostics.Append(diags.Kafka("Quotas Not Read", fmt.Sprintf("Describing the client quotas of cluster %q", cl.Key), err))
		return
	}
	if len(values) == 0 {
		tflog.Warn(ctx, "quota entity has no quotas any more; removing it from state", map[string]any{"cluster": cl.Key, "entity": e.ID()})
		resp.State.RemoveResource(ctx)
		return
	}
	elems := make(map[string]attr.Value, len(values))
	for k, v := range values {
		elems[k] = types.Float64Value(v)
	}
	cfg, d := types.MapValue(types.Float64Type, elems)
	resp.Diagnostics.Append(d...)
	st.Config = cfg
	st.ID = types.StringValue(cl.Key + "|" + e.ID())
	resp.Diagnostics.Append(resp.State.Set(ctx, &st)...)
}

func (r *quotaResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state quotaModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	old, d := floatMap(ctx, state.Config)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, defaultUpdateTimeout)
	defer cancel()
	r.apply(ctx, plan, old, "Quota Not Updated", &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *quotaResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var st quotaModel
	cl, ctx, cancel := openModel(ctx, r.data, req.State, &st, defaultDeleteTimeout, &resp.Diagnostics)
	if cl == nil {
		return
	}
	defer cancel()
	old, d := floatMap(ctx, st.Config)
	resp.Diagnostics.Append(d...)
	e, _ := st.Entity.entity()
	_, remove := mapdiff.Diff(old, nil)
	if err := cl.AlterQuota(ctx, e, nil, remove, false); err != nil {
		resp.Diagnostics.Append(diags.Kafka("Quota Not Deleted", fmt.Sprintf("Removing quotas of %s on cluster %q", e.ID(), cl.Key), err))
	}
}

// ImportState reads <cluster>|<entity>, e.g. us-east|user=alice,client-id=app.
func (r *quotaResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	key, ent, ok := strings.Cut(req.ID, "|")
	e, err := quota.ParseEntity(ent)
	if !ok || err != nil {
		resp.Diagnostics.AddError("Invalid Import ID",
			fmt.Sprintf("Import ID %q is not <cluster>|<entity> such as us-east|user=alice,client-id=app (%v).", req.ID, err))
		return
	}
	if r.data != nil {
		if key, err = r.data.clusters.Resolve(key); err != nil {
			resp.Diagnostics.AddError("Invalid Import ID", fmt.Sprintf("Import ID %q: %s.", req.ID, err))
			return
		}
	}
	em := &quotaEntityModel{User: types.StringNull(), ClientID: types.StringNull(), IP: types.StringNull()}
	if n, ok := e[quota.User]; ok {
		em.User = types.StringValue(n)
	}
	if n, ok := e[quota.ClientID]; ok {
		em.ClientID = types.StringValue(n)
	}
	if n, ok := e[quota.IP]; ok {
		em.IP = types.StringValue(n)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("cluster"), key)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("entity"), em)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), key+"|"+e.ID())...)
}

func floatMap(ctx context.Context, m types.Map) (map[string]float64, diag.Diagnostics) {
	out := map[string]float64{}
	if m.IsNull() || m.IsUnknown() {
		return out, nil
	}
	d := m.ElementsAs(ctx, &out, false)
	return out, d
}
