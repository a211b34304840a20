package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/geokafka/terraform-provider-geokafka/internal/diags"
	"github.com/geokafka/terraform-provider-geokafka/internal/validators"
)

var (
	_ datasource.DataSource              = (*topicDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*topicDataSource)(nil)
)

type topicDataSource struct{ dataSourceBase }

// NewTopicDataSource is the constructor of data.geokafka_topic.
func NewTopicDataSource() datasource.DataSource { return &topicDataSource{} }

type partitionModel struct {
	ID       types.Int64 `tfsdk:"id"`
	Leader   types.Int64 `tfsdk:"leader"`
	Replicas []int64     `tfsdk:"replicas"`
	ISR      []int64     `tfsdk:"isr"`
}

type topicDataModel struct {
	Cluster           types.String      `tfsdk:"cluster"`
	Name              types.String      `tfsdk:"name"`
	TopicID           types.String      `tfsdk:"topic_id"`
	Partitions        types.Int64       `tfsdk:"partitions"`
	ReplicationFactor types.Int64       `tfsdk:"replication_factor"`
	Config            map[string]string `tfsdk:"config"`
	PartitionDetails  []partitionModel  `tfsdk:"partition_details"`
}

func (d *topicDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_topic"
}

func (d *topicDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An existing topic: its layout, its non-default config and where each partition lives.",
		Attributes: map[string]schema.Attribute{
			"cluster": schema.StringAttribute{
				MarkdownDescription: "Key of the cluster; may be omitted with a single cluster.",
				Optional:            true,
				Computed:            true,
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Topic name.",
				Required:            true,
				Validators:          []validator.String{validators.TopicName()},
			},
			"topic_id": schema.StringAttribute{
				MarkdownDescription: "Kafka's UUID of the topic.",
				Computed:            true,
			},
			"partitions": schema.Int64Attribute{
				MarkdownDescription: "Number of partitions.",
				Computed:            true,
			},
			"replication_factor": schema.Int64Attribute{
				MarkdownDescription: "Replicas of the first partition.",
				Computed:            true,
			},
			"config": schema.MapAttribute{
				MarkdownDescription: "Config overrides set on the topic (not broker defaults).",
				ElementType:         types.StringType,
				Computed:            true,
			},
			"partition_details": schema.ListNestedAttribute{
				MarkdownDescription: "Per partition, ordered by id: leader, replicas (the first is the preferred leader) and in-sync replicas.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id": schema.Int64Attribute{
						MarkdownDescription: "Partition number.",
						Computed:            true,
					},
					"leader": schema.Int64Attribute{
						MarkdownDescription: "Broker id of the leader, -1 when none.",
						Computed:            true,
					},
					"replicas": schema.ListAttribute{
						MarkdownDescription: "Broker ids of the replicas.",
						ElementType:         types.Int64Type,
						Computed:            true,
					},
					"isr": schema.ListAttribute{
						MarkdownDescription: "Broker ids of the in-sync replicas.",
						ElementType:         types.Int64Type,
						Computed:            true,
					},
				}},
			},
		},
	}
}

func (d *topicDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req, resp)
}

func (d *topicDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m topicDataModel
	cl, ctx, cancel := openModel(ctx, d.data, req.Config, &m, defaultReadTimeout, &resp.Diagnostics)
	if cl == nil {
		return
	}
	defer cancel()
	name := m.Name.ValueString()
	t, err := cl.Topic(ctx, name)
	if err != nil {
		resp.Diagnostics.Append(diags.Kafka("Topic Not Read", fmt.Sprintf("Reading topic %q on cluster %q", name, cl.Key), err))
		return
	}
	if t == nil {
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Topic Not Found",
			fmt.Sprintf("Topic %q does not exist on cluster %q. Check the name and the cluster.", name, cl.Key))
		return
	}
	m.Cluster = types.StringValue(cl.Key)
	m.TopicID = types.StringValue(t.ID)
	m.Partitions = types.Int64Value(int64(len(t.Partitions)))
	m.ReplicationFactor = types.Int64Value(int64(t.ReplicationFactor()))
	m.Config = t.Overrides()
	m.PartitionDetails = make([]partitionModel, 0, len(t.Partitions))
	for _, p := range t.Partitions {
		m.PartitionDetails = append(m.PartitionDetails, partitionModel{
			ID: types.Int64Value(int64(p.ID)), Leader: types.Int64Value(int64(p.Leader)),
			Replicas: toInt64s(p.Replicas), ISR: toInt64s(p.ISR),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func toInt64s(in []int32) []int64 {
	out := make([]int64, len(in))
	for i, v := range in {
		out[i] = int64(v)
	}
	return out
}
