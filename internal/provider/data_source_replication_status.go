package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/geokafka/terraform-provider-geokafka/internal/connect"
	"github.com/geokafka/terraform-provider-geokafka/internal/diags"
	"github.com/geokafka/terraform-provider-geokafka/internal/kafka"
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
	Topic       types.String  `tfsdk:"topic"`
	RemoteTopic types.String  `tfsdk:"remote_topic"`
	Lag         types.Int64   `tfsdk:"lag"`
	LagSeconds  types.Float64 `tfsdk:"lag_seconds"`
}

type replicationStatusModel struct {
	Source     types.String      `tfsdk:"source"`
	Target     types.String      `tfsdk:"target"`
	State      types.String      `tfsdk:"state"`
	Running    types.Bool        `tfsdk:"running"`
	Connectors map[string]string `tfsdk:"connectors"`
	Topics     []topicLagModel   `tfsdk:"topics"`
	MaxLag     types.Int64       `tfsdk:"max_lag"`
	MaxLagSecs types.Float64     `tfsdk:"max_lag_seconds"`
	Checkpoint types.Float64     `tfsdk:"checkpoint_age_seconds"`
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
					"lag_seconds": schema.Float64Attribute{
						MarkdownDescription: "How far back in time the copy is: the age of the oldest record the target lacks, " +
							"from record timestamps (MirrorMaker keeps them); 0 when it lacks none. " +
							"Losing the source now would lose the records of the last `lag_seconds`.",
						Computed: true,
					},
				}},
			},
			"max_lag": schema.Int64Attribute{
				MarkdownDescription: "The largest `lag` of all topics (0 without topics).",
				Computed:            true,
			},
			"max_lag_seconds": schema.Float64Attribute{
				MarkdownDescription: "The largest `lag_seconds` of all topics (0 without topics): the link's recovery point in seconds, " +
					"for a `check` that holds an RPO budget.",
				Computed: true,
			},
			"checkpoint_age_seconds": schema.Float64Attribute{
				MarkdownDescription: "Age of the newest consumer-group checkpoint on the target (`<source_alias>.checkpoints.internal`): " +
					"how old the offsets are that consumers moving to the target would resume from. " +
					"Null when the link has written none (no checkpoints, or no group to translate yet).",
				Computed: true,
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
	if src == target {
		resp.Diagnostics.AddAttributeError(path.Root("target"), "Invalid Link",
			fmt.Sprintf("source and target are both %q, and a link copies between two clusters: set target to the cluster the link copies into.", src))
		return
	}
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
	m.Topics, m.MaxLag, m.MaxLagSecs = []topicLagModel{}, types.Int64Value(0), types.Float64Value(0)
	m.Checkpoint = types.Float64Null()
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
	lags, err := readLags(ctx, sc, tcl, topics, remotes)
	if err != nil {
		resp.Diagnostics.Append(diags.Kafka("Replication Lag Not Read", "Listing offsets", err))
		return
	}
	var maxLag int64
	var maxAge float64
	for i, t := range topics {
		maxLag, maxAge = max(maxLag, lags[i].records), max(maxAge, lags[i].seconds)
		m.Topics = append(m.Topics, topicLagModel{Topic: types.StringValue(t), RemoteTopic: types.StringValue(remotes[i]),
			Lag: types.Int64Value(lags[i].records), LagSeconds: types.Float64Value(lags[i].seconds)})
	}
	m.MaxLag, m.MaxLagSecs = types.Int64Value(maxLag), types.Float64Value(maxAge)
	alias := cfg["source.cluster.alias"]
	if alias == "" {
		alias = src
	}
	if age, ok, err := newestAge(ctx, tcl, alias+".checkpoints.internal"); err != nil {
		resp.Diagnostics.Append(diags.Kafka("Replication Lag Not Read", "Reading the age of the link's checkpoints", err))
		return
	} else if ok {
		m.Checkpoint = types.Float64Value(age)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

type topicLag struct {
	records int64
	seconds float64
}

// readLags measures each topic's copy in records and in time, in three
// round trips per cluster whatever the number of topics: end offsets on both
// sides, the newest record of each lagging copy, then the first record of
// the source after it.
func readLags(ctx context.Context, sc, tcl *kafka.Cluster, topics, remotes []string) ([]topicLag, error) {
	srcEnds, err := sc.EndOffsets(ctx, topics...)
	if err != nil {
		return nil, err
	}
	remoteEnds, err := tcl.EndOffsets(ctx, remotes...)
	if err != nil {
		return nil, err
	}
	lagging := make([]map[int32]int64, len(topics))
	newestQ := map[string]map[int32]int64{}
	for i, t := range topics {
		lagging[i] = replication.Lagging(srcEnds[t], remoteEnds[remotes[i]])
		for p := range lagging[i] {
			if newestQ[remotes[i]] == nil {
				newestQ[remotes[i]] = map[int32]int64{}
			}
			newestQ[remotes[i]][p] = kafka.MaxTimestamp
		}
	}
	newest, err := tcl.OffsetsForTimes(ctx, newestQ)
	if err != nil {
		return nil, err
	}
	newestTS := make([]map[int32]time.Time, len(topics))
	firstQ := map[string]map[int32]int64{}
	for i, t := range topics {
		newestTS[i] = timestamps(newest[remotes[i]])
		if len(lagging[i]) > 0 {
			firstQ[t] = replication.UncopiedFrom(lagging[i], newestTS[i])
		}
	}
	first, err := sc.OffsetsForTimes(ctx, firstQ)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	out := make([]topicLag, len(topics))
	for i, t := range topics {
		n := replication.Lag(srcEnds[t], remoteEnds[remotes[i]])
		age := replication.LagAge(now, lagging[i], timestamps(first[t]), newestTS[i])
		out[i] = topicLag{records: n, seconds: seconds(age)}
	}
	return out, nil
}

// newestAge is the age of the newest record of topic on cl; ok is false when
// the topic does not exist or is empty.
func newestAge(ctx context.Context, cl *kafka.Cluster, topic string) (float64, bool, error) {
	ends, err := cl.EndOffsets(ctx, topic)
	if err != nil || len(ends[topic]) == 0 {
		return 0, false, err
	}
	q := map[string]map[int32]int64{topic: {}}
	for p := range ends[topic] {
		q[topic][p] = kafka.MaxTimestamp
	}
	got, err := cl.OffsetsForTimes(ctx, q)
	if err != nil {
		return 0, false, err
	}
	var newest time.Time
	for _, o := range got[topic] {
		if o.Timestamp.After(newest) {
			newest = o.Timestamp
		}
	}
	if newest.IsZero() {
		return 0, false, nil
	}
	return seconds(max(time.Since(newest), 0)), true, nil
}

func timestamps(in map[int32]kafka.OffsetAt) map[int32]time.Time {
	out := make(map[int32]time.Time, len(in))
	for p, o := range in {
		out[p] = o.Timestamp
	}
	return out
}

// seconds rounds to the millisecond, which record timestamps carry.
func seconds(d time.Duration) float64 { return float64(d.Milliseconds()) / 1000 }
