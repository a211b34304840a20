package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/twmb/franz-go/pkg/kerr"

	"github.com/geokafka/terraform-provider-geokafka/internal/acl"
	"github.com/geokafka/terraform-provider-geokafka/internal/diags"
	"github.com/geokafka/terraform-provider-geokafka/internal/kafka"
	"github.com/geokafka/terraform-provider-geokafka/internal/validators"
)

var (
	_ resource.Resource                   = (*aclResource)(nil)
	_ resource.ResourceWithConfigure      = (*aclResource)(nil)
	_ resource.ResourceWithImportState    = (*aclResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*aclResource)(nil)
	_ resource.ResourceWithValidateConfig = (*aclResource)(nil)
)

type aclResource struct{ resourceBase }

// NewACLResource is the constructor of geokafka_acl.
func NewACLResource() resource.Resource { return &aclResource{} }

type aclModel struct {
	ID           types.String `tfsdk:"id"`
	Cluster      types.String `tfsdk:"cluster"`
	Principal    types.String `tfsdk:"principal"`
	Host         types.String `tfsdk:"host"`
	Operation    types.String `tfsdk:"operation"`
	Permission   types.String `tfsdk:"permission"`
	ResourceType types.String `tfsdk:"resource_type"`
	ResourceName types.String `tfsdk:"resource_name"`
	PatternType  types.String `tfsdk:"pattern_type"`
}

// binding returns the canonical binding; ok is false if an enumerated value
// does not normalise (ValidateConfig has reported it).
func (m aclModel) binding() (acl.Binding, bool) {
	b := acl.Binding{Principal: m.Principal.ValueString(), Host: m.Host.ValueString(), ResourceName: m.ResourceName.ValueString()}
	var ok1, ok2, ok3, ok4 bool
	b.Operation, ok1 = acl.Normalize(m.Operation.ValueString(), acl.Operations)
	b.Permission, ok2 = acl.Normalize(m.Permission.ValueString(), acl.Permissions)
	b.ResourceType, ok3 = acl.Normalize(m.ResourceType.ValueString(), acl.ResourceTypes)
	b.PatternType, ok4 = acl.Normalize(m.PatternType.ValueString(), acl.PatternTypes)
	return b, ok1 && ok2 && ok3 && ok4
}

func enumDescription(what string, values []string, extra, spellings string) string {
	return fmt.Sprintf("%s: one of `%s`.%s Other spellings of the same value (%s) are accepted; the cluster's canonical form read back never shows as a change.",
		what, strings.Join(values, "`, `"), extra, spellings)
}

func (r *aclResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_acl"
}

func (r *aclResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "One ACL binding on one cluster: `principal` may (or may not) do `operation` on a resource. " +
			"Every argument but `cluster` can change in place: the new binding is created before the old one is deleted, so access never lapses. " +
			"Reads of all `geokafka_acl` resources of a cluster cost one DescribeACLs request per Terraform run (and one more after writes).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<cluster>|<principal>|<host>|<operation>|<permission>|<resource_type>|<resource_name>|<pattern_type>`, " +
					"canonical values; also the import id.",
				Computed: true,
			},
			"cluster": schema.StringAttribute{
				MarkdownDescription: "Key of the cluster in the provider's `clusters`; may be omitted with a single cluster. Changing it replaces the binding.",
				Optional:            true,
				Computed:            true,
			},
			"principal": schema.StringAttribute{
				MarkdownDescription: "Who the binding is for, as `<type>:<name>`, for example `User:alice` (SASL user name or the TLS certificate's distinguished name).",
				Required:            true,
			},
			"host": schema.StringAttribute{
				MarkdownDescription: "Client IP address the binding applies to; `*` (the default) for any.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString("*"),
				Validators:          []validator.String{validators.ACLHost()},
			},
			"operation": schema.StringAttribute{
				MarkdownDescription: enumDescription("What the principal may do", acl.Operations,
					" Each resource type has its own operations; an impossible pair is refused at plan.", "`Write`, `DescribeConfigs`"),
				Required: true,
			},
			"permission": schema.StringAttribute{
				MarkdownDescription: enumDescription("Allow or deny", acl.Permissions, " A DENY wins over any ALLOW.", "`Allow`, `Deny`"),
				Required:            true,
			},
			"resource_type": schema.StringAttribute{
				MarkdownDescription: enumDescription("Kind of resource", acl.ResourceTypes, "", "`Topic`, `TransactionalID`"),
				Required:            true,
			},
			"resource_name": schema.StringAttribute{
				MarkdownDescription: "Name of the resource (a topic, a group...), `*` for all of the type; always `kafka-cluster` for `CLUSTER`.",
				Required:            true,
			},
			"pattern_type": schema.StringAttribute{
				MarkdownDescription: enumDescription("How `resource_name` matches", acl.PatternTypes,
					" `PREFIXED` matches every name that starts with `resource_name`. Defaults to `LITERAL`.", "`Literal`, `Prefixed`"),
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString("LITERAL"),
			},
		},
	}
}

func (r *aclResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m aclModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	b := acl.Binding{Principal: m.Principal.ValueString(), Host: m.Host.ValueString(), ResourceName: m.ResourceName.ValueString(), PatternType: "LITERAL"}
	known := true
	for _, f := range []struct {
		attr    string
		v       types.String
		allowed []string
		dst     *string
	}{
		{"operation", m.Operation, acl.Operations, &b.Operation},
		{"permission", m.Permission, acl.Permissions, &b.Permission},
		{"resource_type", m.ResourceType, acl.ResourceTypes, &b.ResourceType},
		{"pattern_type", m.PatternType, acl.PatternTypes, &b.PatternType},
	} {
		if f.v.IsUnknown() {
			known = false
			continue
		}
		if f.v.IsNull() {
			continue // only pattern_type may be null: its default applies
		}
		canon, ok := acl.Normalize(f.v.ValueString(), f.allowed)
		if !ok {
			resp.Diagnostics.AddAttributeError(path.Root(f.attr), "Invalid ACL "+titleCase(f.attr),
				fmt.Sprintf("%q is not a Kafka ACL %s. Use one of %s.", f.v.ValueString(), strings.ReplaceAll(f.attr, "_", " "), strings.Join(f.allowed, ", ")))
			known = false
			continue
		}
		*f.dst = canon
	}
	if !known || m.Principal.IsUnknown() || m.ResourceName.IsUnknown() || m.Host.IsUnknown() {
		return
	}
	if m.Host.IsNull() {
		b.Host = "*"
	}
	for attr, problem := range b.Check() {
		resp.Diagnostics.AddAttributeError(path.Root(attr), "Impossible ACL Binding", problem)
	}
}

func titleCase(attr string) string {
	words := strings.Split(attr, "_")
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

func (r *aclResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	defer refuseOfflineChange(r.data, req, resp)
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	key, _, ok := planCluster(ctx, r.data, req, resp)
	if !ok {
		return
	}
	var plan aclModel
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	b, known := plan.binding()
	if !known || plan.Principal.IsUnknown() || plan.ResourceName.IsUnknown() || plan.Host.IsUnknown() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), types.StringUnknown())...)
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), acl.ID(key, b))...)
}

func (r *aclResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan aclModel
	cl, ctx, cancel := openModel(ctx, r.data, req.Plan, &plan, defaultCreateTimeout, &resp.Diagnostics)
	if cl == nil {
		return
	}
	defer cancel()
	b, ok := plan.binding()
	if !ok {
		return
	}
	if err := cl.CreateACL(ctx, b); err != nil {
		resp.Diagnostics.Append(diags.Kafka("ACL Not Created", fmt.Sprintf("Creating ACL %s on cluster %q", acl.ID(cl.Key, b), cl.Key), err))
		return
	}
	plan.Cluster = types.StringValue(cl.Key)
	plan.ID = types.StringValue(acl.ID(cl.Key, b))
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Read only checks that the binding exists: the values in state keep the
// user's spelling, so canonical names read back never show as a change.
func (r *aclResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if keepOffline(ctx, r.data, req.State, "cluster", &resp.Diagnostics) {
		return
	}
	binding := func() acl.Binding {
		var st aclModel
		_ = req.State.Get(ctx, &st)
		b, _ := st.binding()
		return b
	}
	if !movedCluster(ctx, r.data, &req, resp, func(ctx context.Context, cl *kafka.Cluster) (bool, error) {
		ok, err := cl.HasACL(ctx, binding())
		if errors.Is(err, kerr.SecurityDisabled) {
			return false, nil // no authorizer: it holds no ACLs
		}
		return ok, err
	}, func() string { return fmt.Sprintf("ACL %s", acl.ID("", binding())) }) {
		return
	}
	var st aclModel
	cl, ctx, cancel := openModel(ctx, r.data, req.State, &st, defaultReadTimeout, &resp.Diagnostics)
	if cl == nil {
		return
	}
	defer cancel()
	b, ok := st.binding()
	if !ok {
		resp.Diagnostics.AddError("Invalid ACL In State",
			fmt.Sprintf("The state holds an ACL with values Kafka does not know (%s). Remove it from the state and import it again.", st.ID.ValueString()))
		return
	}
	exists, err := cl.HasACL(ctx, b)
	if err != nil {
		resp.Diagnostics.Append(diags.Kafka("ACLs Not Read", fmt.Sprintf("Describing the ACLs of cluster %q", cl.Key), err))
		return
	}
	if !exists {
		tflog.Warn(ctx, "ACL binding no longer exists; removing it from state", map[string]any{"id": acl.ID(cl.Key, b)})
		resp.State.RemoveResource(ctx)
		return
	}
	st.ID = types.StringValue(acl.ID(cl.Key, b))
	resp.Diagnostics.Append(resp.State.Set(ctx, &st)...)
}

// Update creates the new binding, then deletes the old one, so the principal
// never loses access it keeps in both. A change of spelling only is saved
// without touching the cluster.
func (r *aclResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state aclModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	cl, ctx, cancel := openModel(ctx, r.data, req.Plan, &plan, defaultCreateTimeout, &resp.Diagnostics)
	if cl == nil {
		return
	}
	defer cancel()
	nb, ok1 := plan.binding()
	ob, ok2 := state.binding()
	if !ok1 || !ok2 {
		return
	}
	if nb != ob {
		if err := cl.CreateACL(ctx, nb); err != nil {
			resp.Diagnostics.Append(diags.Kafka("ACL Not Changed", fmt.Sprintf("Creating ACL %s on cluster %q", acl.ID(cl.Key, nb), cl.Key), err))
			return
		}
		if err := cl.DeleteACL(ctx, ob); err != nil {
			resp.Diagnostics.Append(diags.Kafka("Old ACL Not Deleted",
				fmt.Sprintf("The new binding exists; deleting the old ACL %s on cluster %q", acl.ID(cl.Key, ob), cl.Key), err))
			return
		}
	}
	plan.ID = types.StringValue(acl.ID(cl.Key, nb))
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *aclResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var st aclModel
	cl, ctx, cancel := openModel(ctx, r.data, req.State, &st, defaultDeleteTimeout, &resp.Diagnostics)
	if cl == nil {
		return
	}
	defer cancel()
	b, ok := st.binding()
	if !ok {
		return
	}
	if err := cl.DeleteACL(ctx, b); err != nil {
		resp.Diagnostics.Append(diags.Kafka("ACL Not Deleted", fmt.Sprintf("Deleting ACL %s on cluster %q", acl.ID(cl.Key, b), cl.Key), err))
	}
}

// ImportState takes the id's spelling as it is, so an id written like the
// configuration imports without a diff.
func (r *aclResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	key, _, err := acl.ParseID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Import ID", err.Error()+".")
		return
	}
	if r.data != nil {
		if key, err = r.data.clusters.Resolve(key); err != nil {
			resp.Diagnostics.AddError("Invalid Import ID", fmt.Sprintf("Import ID %q: %s.", req.ID, err))
			return
		}
	}
	parts := strings.Split(req.ID, "|")
	for i, attr := range []string{"cluster", "principal", "host", "operation", "permission", "resource_type", "resource_name", "pattern_type"} {
		v := parts[i]
		if attr == "cluster" {
			v = key
		}
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attr), v)...)
	}
}
