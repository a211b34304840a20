package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/geokafka/terraform-provider-geokafka/internal/kafka"
)

// planCluster resolves the cluster a resource plan means (the configured
// key, or the only cluster) and asks for replacement when it differs from
// the one in state. ok is false when the key is unknown until apply or is
// wrong (then an error names the configured keys).
func planCluster(ctx context.Context, data *providerData, req resource.ModifyPlanRequest,
	resp *resource.ModifyPlanResponse) (key string, replacing, ok bool) {
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
	if errors.Is(err, kafka.ErrOffline) {
		diags.AddAttributeError(path.Root("cluster"), offlineSummary, offlineDetail(key))
		return nil
	}
	if err != nil {
		diags.AddAttributeError(path.Root("cluster"), "Unknown Cluster", err.Error())
		return nil
	}
	return cl
}

const offlineSummary = "Cluster Offline"

func offlineDetail(key string) string {
	return fmt.Sprintf("Cluster %q is marked offline in the provider's clusters, so nothing on it can be read, created, changed or destroyed. "+
		"Keep this change out of the plan while the cluster is down, or set offline = false once it answers. "+
		"To forget a resource on a lost cluster without deleting it, use a removed block.", key)
}

// keepOffline reports whether the resource in state lives on an offline
// cluster (its attribute attr names the cluster). Then Read keeps the state
// as it is, with a warning, instead of dialing a cluster that is down.
func keepOffline(ctx context.Context, data *providerData, state tfsdk.State, attr string, diags *diag.Diagnostics) bool {
	if data == nil || !data.clusters.AnyOffline() {
		return false
	}
	var key types.String
	diags.Append(state.GetAttribute(ctx, path.Root(attr), &key)...)
	if data == nil || diags.HasError() || !data.clusters.Offline(key.ValueString()) {
		return false
	}
	diags.AddWarning("Cluster Offline: State Not Refreshed",
		fmt.Sprintf("Cluster %q is marked offline in the provider's clusters: its resources keep the state of their last refresh, "+
			"and drift on them is not detected until it is back online.", key.ValueString()))
	return true
}

// refuseOfflineChange fails a plan that creates, changes or destroys a
// resource on an offline cluster: the apply could not reach it. It runs after
// the resource's own plan logic (deferred), so that a plan the resource
// settles to a no-op passes. (Replication links have rules of their own.)
func refuseOfflineChange(data *providerData, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if data == nil || !data.clusters.AnyOffline() || resp.Plan.Raw.Equal(req.State.Raw) || hasOfflineError(resp.Diagnostics) {
		return
	}
	for _, v := range []tftypes.Value{req.State.Raw, resp.Plan.Raw} {
		key, ok := stringAttr(v, "cluster")
		if ok && data.clusters.Offline(key) {
			resp.Diagnostics.AddAttributeError(path.Root("cluster"), offlineSummary, offlineDetail(key))
			return
		}
	}
}

func hasOfflineError(d diag.Diagnostics) bool {
	for _, e := range d.Errors() {
		if e.Summary() == offlineSummary {
			return true
		}
	}
	return false
}

// stringAttr reads a known string attribute of a resource object value
// without decoding the whole object into a model.
func stringAttr(v tftypes.Value, attr string) (string, bool) {
	if v.IsNull() || !v.IsKnown() {
		return "", false
	}
	var obj map[string]tftypes.Value
	if v.As(&obj) != nil {
		return "", false
	}
	a, ok := obj[attr]
	if !ok || a.IsNull() || !a.IsKnown() {
		return "", false
	}
	var s string
	if a.As(&s) != nil {
		return "", false
	}
	return s, true
}
