package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/geokafka/terraform-provider-geokafka/internal/diags"
	"github.com/geokafka/terraform-provider-geokafka/internal/ids"
	"github.com/geokafka/terraform-provider-geokafka/internal/kafka"
)

var (
	_ resource.Resource                     = (*scramResource)(nil)
	_ resource.ResourceWithConfigure        = (*scramResource)(nil)
	_ resource.ResourceWithImportState      = (*scramResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*scramResource)(nil)
	_ resource.ResourceWithConfigValidators = (*scramResource)(nil)
)

type scramResource struct{ resourceBase }

// NewSCRAMCredentialResource is the constructor of geokafka_scram_credential.
func NewSCRAMCredentialResource() resource.Resource { return &scramResource{} }

type scramModel struct {
	ID         types.String `tfsdk:"id"`
	Cluster    types.String `tfsdk:"cluster"`
	Username   types.String `tfsdk:"username"`
	Mechanism  types.String `tfsdk:"mechanism"`
	Iterations types.Int64  `tfsdk:"iterations"`
	Password   types.String `tfsdk:"password"`
	// PasswordWO is write-only: only the configuration holds it.
	PasswordWO        types.String `tfsdk:"password_wo"`
	PasswordWOVersion types.Int64  `tfsdk:"password_wo_version"`
}

func (r *scramResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_scram_credential"
}

func (r *scramResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A SCRAM credential (user name and password for one mechanism) stored by one cluster, for clients that authenticate with SASL SCRAM. " +
			"The cluster keeps only a salted hash, so a password changed outside Terraform cannot be detected; iterations and the credential's existence can. " +
			"With `password` the password is stored in the plan and the state: keep them encrypted and access-controlled. With `password_wo` (Terraform 1.11 or later) it is stored in neither.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<cluster>|<username>|<mechanism>`; also the import id.",
				Computed:            true,
			},
			"cluster": schema.StringAttribute{
				MarkdownDescription: "Key of the cluster in the provider's `clusters`; may be omitted with a single cluster. Changing it replaces the credential.",
				Optional:            true,
				Computed:            true,
			},
			"username": schema.StringAttribute{
				MarkdownDescription: "The SASL user name; ACLs name it as `User:<username>`. Changing it replaces the credential.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"mechanism": schema.StringAttribute{
				MarkdownDescription: "`SCRAM-SHA-256` or `SCRAM-SHA-512`. A user may have one credential per mechanism. Changing it replaces the credential.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(kafka.SCRAMMechanisms...)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"iterations": schema.Int64Attribute{
				MarkdownDescription: "PBKDF2 iterations of the salted password, 4096 (the default) to 16384. Changing it re-salts the password in place.",
				Optional:            true,
				Computed:            true,
				Default:             int64default.StaticInt64(4096),
				Validators:          []validator.Int64{int64validator.Between(4096, 16384)},
			},
			"password": schema.StringAttribute{
				MarkdownDescription: "The password, kept in the plan and the state. Changing it updates the credential in place; clients with the old password fail their next authentication. " +
					"Set this or `password_wo`.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"password_wo": schema.StringAttribute{
				MarkdownDescription: "The password, write-only: it is in neither the plan nor the state (Terraform 1.11 and OpenTofu 1.11 or later). " +
					"Terraform cannot see a change of it, so bump `password_wo_version` to set a new one. Set this or `password`.",
				Optional:   true,
				Sensitive:  true,
				WriteOnly:  true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"password_wo_version": schema.Int64Attribute{
				MarkdownDescription: "Required with `password_wo`: any number, changed (for example incremented) whenever `password_wo` changes, so that the apply sets the new password.",
				Optional:            true,
			},
		},
	}
}

// ConfigValidators: one password, given one way; a write-only one with the
// version that tells its changes.
func (r *scramResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("password"), path.MatchRoot("password_wo")),
		resourcevalidator.RequiredTogether(path.MatchRoot("password_wo"), path.MatchRoot("password_wo_version")),
	}
}

func (r *scramResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	defer refuseOfflineChange(r.data, req, resp)
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	key, _, ok := planCluster(ctx, r.data, req, resp)
	if !ok {
		return
	}
	var plan scramModel
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.Username.IsUnknown() || plan.Mechanism.IsUnknown() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), ids.SCRAM(key, plan.Username.ValueString(), plan.Mechanism.ValueString()))...)
}

// upsert sets the credential the plan describes, with the password of the
// plan or the write-only one of the configuration, and saves it in state.
func (r *scramResource) upsert(ctx context.Context, p tfsdk.Plan, config tfsdk.Config, state *tfsdk.State, summary string, timeout time.Duration, d *diag.Diagnostics) {
	var plan scramModel
	cl, ctx, cancel := openModel(ctx, r.data, p, &plan, timeout, d)
	if cl == nil {
		return
	}
	defer cancel()
	password := plan.Password
	if password.IsNull() {
		d.Append(config.GetAttribute(ctx, path.Root("password_wo"), &password)...)
	}
	user, mech := plan.Username.ValueString(), plan.Mechanism.ValueString()
	if password.IsNull() || password.IsUnknown() {
		d.AddAttributeError(path.Root("password_wo"), summary,
			fmt.Sprintf("The %s credential of user %q has no password to set: give password, or password_wo with password_wo_version.", mech, user))
		return
	}
	if err := cl.UpsertSCRAM(ctx, user, mech, int32(plan.Iterations.ValueInt64()), password.ValueString()); err != nil {
		d.Append(diags.Kafka(summary, fmt.Sprintf("Setting the %s credential of user %q on cluster %q", mech, user, cl.Key), err))
		return
	}
	plan.Cluster = types.StringValue(cl.Key)
	plan.ID = types.StringValue(ids.SCRAM(cl.Key, user, mech))
	d.Append(state.Set(ctx, &plan)...)
}

func (r *scramResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.upsert(ctx, req.Plan, req.Config, &resp.State, "SCRAM Credential Not Created", defaultCreateTimeout, &resp.Diagnostics)
}

func (r *scramResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if keepOffline(ctx, r.data, req.State, "cluster", &resp.Diagnostics) {
		return
	}
	if !movedCluster(ctx, r.data, &req, resp, func(ctx context.Context, cl *kafka.Cluster) (bool, error) {
		_, ok, err := cl.SCRAMIterations(ctx, stateString(ctx, req.State, "username"), stateString(ctx, req.State, "mechanism"))
		return ok, err
	}, func() string {
		return fmt.Sprintf("The %s credential of user %q", stateString(ctx, req.State, "mechanism"), stateString(ctx, req.State, "username"))
	}) {
		return
	}
	var st scramModel
	cl, ctx, cancel := openModel(ctx, r.data, req.State, &st, defaultReadTimeout, &resp.Diagnostics)
	if cl == nil {
		return
	}
	defer cancel()
	user, mech := st.Username.ValueString(), st.Mechanism.ValueString()
	iterations, ok, err := cl.SCRAMIterations(ctx, user, mech)
	if err != nil {
		resp.Diagnostics.Append(diags.Kafka("SCRAM Credentials Not Read", fmt.Sprintf("Describing the SCRAM credentials of cluster %q", cl.Key), err))
		return
	}
	if !ok {
		// Said aloud: a credential nobody deleted is what Kafka 4.x KRaft
		// brokers can lose when they replay their metadata log at a restart.
		resp.Diagnostics.AddWarning("SCRAM Credential Gone",
			fmt.Sprintf("The %s credential of user %q is no longer on cluster %q; the plan creates it again. "+
				"If nobody deleted it, the cluster lost it: Kafka 4.x brokers in KRaft mode can drop SCRAM credentials when they restart "+
				"and replay a metadata log in which a user was deleted. Apply to restore it.", mech, user, cl.Key))
		resp.State.RemoveResource(ctx)
		return
	}
	st.Iterations = types.Int64Value(int64(iterations))
	st.ID = types.StringValue(ids.SCRAM(cl.Key, user, mech))
	resp.Diagnostics.Append(resp.State.Set(ctx, &st)...)
}

func (r *scramResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.upsert(ctx, req.Plan, req.Config, &resp.State, "SCRAM Credential Not Updated", defaultUpdateTimeout, &resp.Diagnostics)
}

func (r *scramResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var st scramModel
	cl, ctx, cancel := openModel(ctx, r.data, req.State, &st, defaultDeleteTimeout, &resp.Diagnostics)
	if cl == nil {
		return
	}
	defer cancel()
	user, mech := st.Username.ValueString(), st.Mechanism.ValueString()
	if err := cl.DeleteSCRAM(ctx, user, mech); err != nil {
		resp.Diagnostics.Append(diags.Kafka("SCRAM Credential Not Deleted",
			fmt.Sprintf("Deleting the %s credential of user %q on cluster %q", mech, user, cl.Key), err))
	}
}

// ImportState reads <cluster>|<username>|<mechanism>. The password cannot be
// read back: the next plan takes it from the configuration and sets it.
func (r *scramResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	key, user, mech, err := ids.ParseSCRAM(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Import ID", err.Error()+".")
		return
	}
	mech = strings.ToUpper(mech)
	if _, err := scramMechanismName(mech); err != nil {
		resp.Diagnostics.AddError("Invalid Import ID", fmt.Sprintf("Import ID %q: %s.", req.ID, err))
		return
	}
	if r.data != nil {
		k, err := r.data.clusters.Resolve(key)
		if err != nil {
			resp.Diagnostics.AddError("Invalid Import ID", fmt.Sprintf("Import ID %q: %s.", req.ID, err))
			return
		}
		key = k
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), ids.SCRAM(key, user, mech))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("cluster"), key)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("username"), user)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("mechanism"), mech)...)
}

func scramMechanismName(m string) (string, error) {
	for _, s := range kafka.SCRAMMechanisms {
		if s == m {
			return s, nil
		}
	}
	return "", fmt.Errorf("mechanism %q is not one of %s", m, strings.Join(kafka.SCRAMMechanisms, ", "))
}
