package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/geokafka/terraform-provider-geokafka/internal/kafka"
)

// Timeouts of the provider's operations; a topic update may reassign
// partitions, which copies data.
const (
	defaultCreateTimeout = 5 * time.Minute
	defaultReadTimeout   = 2 * time.Minute
	defaultUpdateTimeout = 15 * time.Minute
	defaultDeleteTimeout = 5 * time.Minute
	planCheckTimeout     = 30 * time.Second
)

// modelSource is the plan or state of a request.
type modelSource interface {
	Get(ctx context.Context, target any) diag.Diagnostics
	GetAttribute(ctx context.Context, p path.Path, target any) diag.Diagnostics
}

// openModel decodes src into model and returns the cluster its cluster
// attribute names, with ctx bounded by timeout; a nil cluster after an error.
func openModel(ctx context.Context, data *providerData, src modelSource, model any, timeout time.Duration,
	d *diag.Diagnostics) (*kafka.Cluster, context.Context, context.CancelFunc) {
	d.Append(src.Get(ctx, model)...)
	if d.HasError() {
		return nil, ctx, nil
	}
	var key types.String
	d.Append(src.GetAttribute(ctx, path.Root("cluster"), &key)...)
	cl := clusterOf(data, key.ValueString(), d)
	if d.HasError() {
		return nil, ctx, nil
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	return cl, ctx, cancel
}

// dataSourceBase gives data sources the provider's clusters.
type dataSourceBase struct {
	data *providerData
}

func (b *dataSourceBase) configure(req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	setProviderData(&b.data, req.ProviderData, &resp.Diagnostics)
}

func (b *dataSourceBase) cluster(key string, diags *diag.Diagnostics) *kafka.Cluster {
	return clusterOf(b.data, key, diags)
}

// resourceBase gives resources the provider's clusters.
type resourceBase struct {
	data *providerData
}

func (b *resourceBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	setProviderData(&b.data, req.ProviderData, &resp.Diagnostics)
}

// setProviderData keeps what the provider's Configure handed over; nothing
// before the provider is configured.
func setProviderData(dst **providerData, pd any, d *diag.Diagnostics) {
	if pd == nil {
		return
	}
	data, ok := pd.(*providerData)
	if !ok {
		d.AddError("Unexpected Provider Data", fmt.Sprintf("got %T; this is a bug in the provider", pd))
		return
	}
	*dst = data
}
