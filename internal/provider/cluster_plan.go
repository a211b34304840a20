package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/geokafka/terraform-provider-geokafka/internal/kafka"
)

// planCluster resolves the cluster a resource plan means (the configured
// key, or the only cluster) and asks for replacement when it differs from
// the one in state. ok is false when the key is unknown until apply or is
// wrong (then an error names the configured keys).
func planCluster(ctx context.Context, data *providerData, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) (key string, replacing bool, ok bool) {
	var cfg, state types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("cluster"), &cfg)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("cluster"), &state)...)
	}
	if resp.Diagnostics.HasError() || cfg.IsUnknown() {
		return "", false, false
	}
	key, err := data.clusters.Resolve(cfg.ValueString())
	if errors.Is(err, kafka.ErrNotKnownYet) {
		return "", false, false
	}
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("cluster"), "Unknown Cluster", err.Error())
		return "", false, false
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("cluster"), key)...)
	if !state.IsNull() && state.ValueString() != key {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("cluster"))
		replacing = true
	}
	return key, replacing, true
}

// clusterOf returns the shared client of a cluster key, or adds an error.
func clusterOf(data *providerData, key string, diags *diag.Diagnostics) *kafka.Cluster {
	if data == nil {
		diags.AddError("Provider Not Configured", "The geokafka provider was not configured; this is a bug in Terraform or the provider.")
		return nil
	}
	cl, err := data.clusters.Cluster(key)
	if err != nil {
		diags.AddAttributeError(path.Root("cluster"), "Unknown Cluster", err.Error())
		return nil
	}
	return cl
}
