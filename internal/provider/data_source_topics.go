package provider

import (
	"context"
	"fmt"
	"regexp"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/geokafka/terraform-provider-geokafka/internal/diags"
	"github.com/geokafka/terraform-provider-geokafka/internal/validators"
)

var (
	_ datasource.DataSource              = (*topicsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*topicsDataSource)(nil)
)

type topicsDataSource struct{ dataSourceBase }

// NewTopicsDataSource is the constructor of data.geokafka_topics.
func NewTopicsDataSource() datasource.DataSource { return &topicsDataSource{} }

type topicSummaryModel struct {
	Name              types.String `tfsdk:"name"`
	TopicID           types.String `tfsdk:"topic_id"`
	Partitions        types.Int64  `tfsdk:"partitions"`
	ReplicationFactor types.Int64  `tfsdk:"replication_factor"`
}

type topicsDataModel struct {
	Cluster         types.String        `tfsdk:"cluster"`
	NameRegex       types.String        `tfsdk:"name_regex"`
	IncludeInternal types.Bool          `tfsdk:"include_internal"`
	Names           []string            `tfsdk:"names"`
	Topics          []topicSummaryModel `tfsdk:"topics"`
}

func (d *topicsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_topics"
}

func (d *topicsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every topic of a cluster, read in a constant number of requests however many there are.",
		Attributes: map[string]schema.Attribute{
			"cluster": schema.StringAttribute{
				MarkdownDescription: "Key of the cluster; may be omitted with a single cluster.",
				Optional:            true,
				Computed:            true,
			},
			"name_regex": schema.StringAttribute{
				MarkdownDescription: "Only topics whose name matches this regular expression (RE2, unanchored: use `^...$` for a full match).",
				Optional:            true,
				Validators:          []validator.String{validators.Regex()},
			},
			"include_internal": schema.BoolAttribute{
				MarkdownDescription: "Include internal topics such as `__consumer_offsets`; unset means false.",
				Optional:            true,
			},
			"names": schema.ListAttribute{
				MarkdownDescription: "Sorted topic names.",
				ElementType:         types.StringType,
				Computed:            true,
			},
			"topics": schema.ListNestedAttribute{
				MarkdownDescription: "The topics, sorted by name.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name": schema.StringAttribute{
						MarkdownDescription: "Topic name.",
						Computed:            true,
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
				}},
			},
		},
	}
}

func (d *topicsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req, resp)
}

func (d *topicsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m topicsDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var re *regexp.Regexp
	if s := m.NameRegex.ValueString(); s != "" {
		var err error
		if re, err = regexp.Compile(s); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("name_regex"), "Invalid Regular Expression", fmt.Sprintf("%q does not compile: %s.", s, err))
			return
		}
	}
	cl := d.cluster(m.Cluster.ValueString(), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, defaultReadTimeout)
	defer cancel()
	topics, err := cl.Topics(ctx)
	if err != nil {
		resp.Diagnostics.Append(diags.Kafka("Topics Not Listed", fmt.Sprintf("Listing topics of cluster %q", cl.Key), err))
		return
	}
	m.Cluster = types.StringValue(cl.Key)
	m.Names, m.Topics = []string{}, []topicSummaryModel{}
	for n, t := range topics {
		if (t.Internal && !m.IncludeInternal.ValueBool()) || (re != nil && !re.MatchString(n)) {
			continue
		}
		m.Names = append(m.Names, n)
	}
	sort.Strings(m.Names)
	for _, n := range m.Names {
		t := topics[n]
		m.Topics = append(m.Topics, topicSummaryModel{
			Name: types.StringValue(n), TopicID: types.StringValue(t.ID),
			Partitions: types.Int64Value(int64(len(t.Partitions))), ReplicationFactor: types.Int64Value(int64(t.ReplicationFactor())),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
