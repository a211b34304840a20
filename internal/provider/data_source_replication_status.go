package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/geokafka/terraform-provider-geokafka/internal/connect"
	"github.com/geokafka/terraform-provider-geokafka/internal/diags"
	"github.com/geokafka/terraform-provider-geokafka/internal/replication"
)

var (
	_ datasource.DataSource              = (*replicationStatusDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*replicationStatusDataSource)(nil)
)

type replicationStatusDataSource struct{ dataSourceBase }

// NewReplicationStatusDataSource is the constructor of data.geokafka_replication_status.
func NewReplicationStatusDataSource() datasource.DataSource { return &replicationStatusDataSource{} }

type topicLagModel struct {
	Topic       types.String `tfsdk:"topic"`
	RemoteTopic types.String `tfsdk:"remote_topic"`
	Lag         types.Int64  `tfsdk:"lag"`
}

type replicationStatusModel struct {
	Source     types.String      `tfsdk:"source"`
	Target     types.String      `tfsdk:"target"`
	State      types.String      `tfsdk:"state"`
	Running    types.Bool        `tfsdk:"running"`
	Connectors map[string]string `tfsdk:"connectors"`
	Topics     []topicLagModel   `tfsdk:"topics"`
	MaxLag     types.Int64       `tfsdk:"max_lag"`
}

func (d *replicationStatusDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_replication_status"
}

func (d *replicationStatusDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Health of a replication link: the state of its connectors and tasks, " +
			"and per replicated topic how many records the target still lacks. " +
			"Meant for `check` blocks, so that `terraform plan` in CI warns when a link is down or behind.",
		Attributes: map[string]schema.Attribute{
			"source": schema.StringAttribute{
				MarkdownDescription: "Source cluster key of the link.",
				Required:            true,
			},
			"target": schema.StringAttribute{
				MarkdownDescription: "Target cluster key of the link.",
				Required:            true,
			},
			"state": schema.StringAttribute{
				MarkdownDescription: "State of the source connector, which copies the records " +
					"(`RUNNING`, `PAUSED`, `STOPPED`, `FAILED`, `UNASSIGNED`); " +
					"`FAILED` when one of its tasks failed; `MISSING` when there is no such link.",
				Computed: true,
			},
			"running": schema.BoolAttribute{
				MarkdownDescription: "Whether the source connector exists and every connector of the link that exists, " +
					"with all their tasks, is RUNNING.",
				Computed: true,
			},
			"connectors": schema.MapAttribute{
				MarkdownDescription: "State of each connector and its tasks, by connector name.",
				ElementType:         types.StringType,
				Computed:            true,
			},
			"topics": schema.ListNestedAttribute{
				MarkdownDescription: "Every source topic the link copies, sorted, with its remote name and `lag`: " +
					"the source end offsets minus the remote end offsets, summed over partitions " +
					"(exact when the link copied from the earliest offset).",
				Computed: true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"topic": schema.StringAttribute{
						MarkdownDescription: "Topic on the source.",
						Computed:            true,
					},
					"remote_topic": schema.StringAttribute{
						MarkdownDescription: "Its copy on the target.",
						Computed:            true,
					},
					"lag": schema.Int64Attribute{
						MarkdownDescription: "Records not yet on the target.",
						Computed:            true,
					},
				}},
			},
			"max_lag": schema.Int64Attribute{
				MarkdownDescription: "The largest `lag` of all topics (0 without topics).",
				Computed:            true,
			},
		},
	}
}

func (d *replicationStatusDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req, resp)
}

func (d *replicationStatusDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m replicationStatusModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || d.data == nil {
		return
	}
	src, target := m.Source.ValueString(), m.Target.ValueString()
	sc := clusterOf(d.data, src, &resp.Diagnostics)
	tcl := clusterOf(d.data, target, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	cc, err := d.data.connectOf(target)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("target"), "No Connect Cluster", err.Error()+".")
		return
	}
	ctx, cancel := context.WithTimeout(ctx, defaultReadTimeout)
	defer cancel()
	names := replication.ConnectorNames(src, target)
	found, err := replication.ReadStatus(ctx, cc, src, target)
	if err != nil {
		resp.Diagnostics.AddError("Replication Status Not Read", err.Error())
		return
	}
	m.Connectors = map[string]string{}
	m.State, m.Running = types.StringValue("MISSING"), types.BoolValue(false)
	m.Topics, m.MaxLag = []topicLagModel{}, types.Int64Value(0)
	_, running := found[names.Source]
	for n, s := range found {
		m.Connectors[n] = replication.DescribeStatus(s)
		us := strings.ToUpper(replication.UserState(s))
		if n == names.Source {
			m.State = types.StringValue(us)
		}
		if us != connect.Running {
			running = false
		}
	}
	m.Running = types.BoolValue(running && len(m.Connectors) > 0)
	cfg, err := cc.Config(ctx, names.Source)
	if err != nil {
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
		return
	}
	all, err := sc.Topics(ctx)
	if err != nil {
		resp.Diagnostics.Append(diags.Kafka("Replication Status Not Read", fmt.Sprintf("Listing the topics of cluster %q", src), err))
		return
	}
	topics, remotes := replication.SelectionFromConfig(cfg).Replicated(slices.Collect(maps.Keys(all)))
	srcEnds, err := sc.EndOffsets(ctx, topics...)
	if err == nil {
		var remoteEnds map[string]map[int32]int64
		if remoteEnds, err = tcl.EndOffsets(ctx, remotes...); err == nil {
			var maxLag int64
			for i, t := range topics {
				lag := replication.Lag(srcEnds[t], remoteEnds[remotes[i]])
				maxLag = max(maxLag, lag)
				m.Topics = append(m.Topics, topicLagModel{Topic: types.StringValue(t), RemoteTopic: types.StringValue(remotes[i]), Lag: types.Int64Value(lag)})
			}
			m.MaxLag = types.Int64Value(maxLag)
		}
	}
	if err != nil {
		resp.Diagnostics.Append(diags.Kafka("Replication Lag Not Read", "Listing end offsets", err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
