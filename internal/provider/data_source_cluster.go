package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/geokafka/terraform-provider-geokafka/internal/diags"
)

var (
	_ datasource.DataSource              = (*clusterDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*clusterDataSource)(nil)
)

type clusterDataSource struct{ dataSourceBase }

// NewClusterDataSource is the constructor of data.geokafka_cluster.
func NewClusterDataSource() datasource.DataSource { return &clusterDataSource{} }

type brokerModel struct {
	ID   types.Int64  `tfsdk:"id"`
	Host types.String `tfsdk:"host"`
	Port types.Int64  `tfsdk:"port"`
	Rack types.String `tfsdk:"rack"`
}

type clusterDataModel struct {
	Cluster      types.String  `tfsdk:"cluster"`
	Region       types.String  `tfsdk:"region"`
	ClusterID    types.String  `tfsdk:"cluster_id"`
	ControllerID types.Int64   `tfsdk:"controller_id"`
	Brokers      []brokerModel `tfsdk:"brokers"`
	Racks        []string      `tfsdk:"racks"`
	KafkaRelease types.String  `tfsdk:"kafka_release"`
	Metadata     types.String  `tfsdk:"metadata_mode"`
}

func (d *clusterDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster"
}

func (d *clusterDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Identity and brokers of one cluster of the estate.",
		Attributes: map[string]schema.Attribute{
			"cluster": schema.StringAttribute{
				MarkdownDescription: "Key of the cluster in the provider's `clusters`; may be omitted with a single cluster.",
				Optional:            true,
				Computed:            true,
			},
			"region": schema.StringAttribute{
				MarkdownDescription: "Region label from the provider configuration.",
				Computed:            true,
			},
			"cluster_id": schema.StringAttribute{
				MarkdownDescription: "Kafka's cluster id.",
				Computed:            true,
			},
			"controller_id": schema.Int64Attribute{
				MarkdownDescription: "Id of the broker that clients see as the controller.",
				Computed:            true,
			},
			"brokers": schema.ListNestedAttribute{
				MarkdownDescription: "Live brokers, ordered by id.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id": schema.Int64Attribute{
						MarkdownDescription: "Broker id.",
						Computed:            true,
					},
					"host": schema.StringAttribute{
						MarkdownDescription: "Advertised host.",
						Computed:            true,
					},
					"port": schema.Int64Attribute{
						MarkdownDescription: "Advertised port.",
						Computed:            true,
					},
					"rack": schema.StringAttribute{
						MarkdownDescription: "`broker.rack`, empty when unset.",
						Computed:            true,
					},
				}},
			},
			"racks": schema.ListAttribute{
				MarkdownDescription: "Distinct racks of the brokers, sorted.",
				ElementType:         types.StringType,
				Computed:            true,
			},
			"kafka_release": schema.StringAttribute{
				MarkdownDescription: "The Kafka release a broker's API versions match, for example `3.9` or `at least 4.3` (newer than the provider knows).",
				Computed:            true,
			},
			"metadata_mode": schema.StringAttribute{
				MarkdownDescription: "`zookeeper` for a broker in ZooKeeper mode (Kafka 3.x and older, which Kafka 4.0 removed), else `kraft`.",
				Computed:            true,
			},
		},
	}
}

func (d *clusterDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req, resp)
}

func (d *clusterDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m clusterDataModel
	cl, ctx, cancel := openModel(ctx, d.data, req.Config, &m, defaultReadTimeout, &resp.Diagnostics)
	if cl == nil {
		return
	}
	defer cancel()
	info, err := cl.Info(ctx)
	if err != nil {
		resp.Diagnostics.Append(diags.Kafka("Cluster Not Read", fmt.Sprintf("Describing cluster %q", cl.Key), err))
		return
	}
	m.Cluster = types.StringValue(cl.Key)
	m.Region = types.StringValue(cl.Region())
	m.ClusterID = types.StringValue(info.ClusterID)
	m.ControllerID = types.Int64Value(int64(info.ControllerID))
	m.Brokers = make([]brokerModel, 0, len(info.Brokers))
	for _, b := range info.Brokers {
		m.Brokers = append(m.Brokers, brokerModel{
			ID:   types.Int64Value(int64(b.ID)),
			Host: types.StringValue(b.Host),
			Port: types.Int64Value(int64(b.Port)),
			Rack: types.StringValue(b.Rack),
		})
	}
	m.Racks = info.Racks()
	if m.Racks == nil {
		m.Racks = []string{}
	}
	v, err := cl.Version(ctx)
	if err != nil {
		resp.Diagnostics.Append(diags.Kafka("Cluster Not Read", fmt.Sprintf("Asking cluster %q for its API versions", cl.Key), err))
		return
	}
	m.KafkaRelease, m.Metadata = types.StringValue(v.Release), types.StringValue("kraft")
	if v.ZooKeeper {
		m.Metadata = types.StringValue("zookeeper")
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
