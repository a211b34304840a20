// Package provider implements the geokafka Terraform provider.
package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/geokafka/terraform-provider-geokafka/internal/connect"
	"github.com/geokafka/terraform-provider-geokafka/internal/kafka"
	"github.com/geokafka/terraform-provider-geokafka/internal/replication"
	"github.com/geokafka/terraform-provider-geokafka/internal/topicname"
	"github.com/geokafka/terraform-provider-geokafka/internal/validators"
)

var (
	_ provider.Provider              = (*geokafkaProvider)(nil)
	_ provider.ProviderWithFunctions = (*geokafkaProvider)(nil)
)

// DefaultClusterKey names the cluster built from GEOKAFKA_* environment
// variables when the provider block sets no clusters.
const DefaultClusterKey = "default"

type geokafkaProvider struct {
	version string
	// getenv reads the GEOKAFKA_* environment; tests inject it.
	getenv func(string) string
	// data is what Configure made, for the fast paths, which answer
	// outside the framework (fastpath.go).
	data atomic.Pointer[providerData]
}

// newProvider is New with the provider's outside dependencies given.
func newProvider(version string, getenv func(string) string) func() provider.Provider {
	return func() provider.Provider {
		return &geokafkaProvider{version: version, getenv: getenv}
	}
}

type providerModel struct {
	Clusters  types.Map        `tfsdk:"clusters"`
	Residency []residencyModel `tfsdk:"residency"`
}

type residencyModel struct {
	Topics          types.String   `tfsdk:"topics"`
	AllowedClusters []types.String `tfsdk:"allowed_clusters"`
}

func (p *geokafkaProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "geokafka"
	resp.Version = p.version
}

func (p *geokafkaProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages Apache Kafka estates that span several clusters and regions, through the Kafka admin API. " +
			"One provider block holds every cluster; resources pick theirs with `cluster`. The provider never connects at configure time: " +
			"a cluster is dialled the first time a resource or data source needs it.",
		Attributes: map[string]schema.Attribute{
			"clusters": schema.MapNestedAttribute{
				MarkdownDescription: "Clusters by key (for example `us-east`). Resources name a key in their `cluster` argument. " +
					"When unset, one cluster called `default` is built from the `GEOKAFKA_*` environment variables " +
					"(`GEOKAFKA_BOOTSTRAP_SERVERS`, `GEOKAFKA_REGION`, `GEOKAFKA_CONNECT_URL`, `GEOKAFKA_TLS_ENABLED`, `GEOKAFKA_TLS_CA_PEM`, " +
					"`GEOKAFKA_TLS_CERT_PEM`, `GEOKAFKA_TLS_KEY_PEM`, `GEOKAFKA_TLS_INSECURE_SKIP_VERIFY`, `GEOKAFKA_SASL_MECHANISM`, " +
					"`GEOKAFKA_SASL_USERNAME`, `GEOKAFKA_SASL_PASSWORD`, `GEOKAFKA_SASL_TOKEN`, `GEOKAFKA_REQUEST_TIMEOUT`).",
				Optional: true,
				Validators: []validator.Map{
					mapvalidator.KeysAre(stringvalidator.RegexMatches(topicname.Chars,
						"must be letters, digits, '.', '_' or '-' (it appears in resource ids such as <cluster>/<topic>)")),
				},
				NestedObject: schema.NestedAttributeObject{Attributes: clusterAttributes()},
			},
			"residency": schema.ListNestedAttribute{
				MarkdownDescription: "Data-residency rules. A topic whose name matches `topics`, and every copy of it that replication links make " +
					"(the name behind any chain of `<source_alias><separator>` prefixes), may only live on `allowed_clusters`: " +
					"such a topic is refused at plan elsewhere, " +
					"and every link into another cluster excludes the topics and their copies, including those created later. " +
					"See the data-residency guide.",
				Optional: true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"topics": schema.StringAttribute{
						MarkdownDescription: "Regular expression (RE2, unanchored: `^eu\\.` matches names that start with `eu.`) of the topics the rule holds. " +
							"No commas; `^` only as the first character.",
						Required:   true,
						Validators: []validator.String{validators.Regex()},
					},
					"allowed_clusters": schema.ListAttribute{
						MarkdownDescription: "Cluster keys where matching topics may live (at least one).",
						ElementType:         types.StringType,
						Required:            true,
						Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
					},
				}},
			},
		},
	}
}

// providerData is what resources and data sources receive from Configure.
type providerData struct {
	clusters  *kafka.Registry
	residency []replication.Rule
	// keyPrefixes are the copy prefixes of links with the default alias and
	// separator ("<key>." of every cluster): the copies any link could make.
	keyPrefixes []string
	links       *replication.Estate
	connect     *connect.Pool
	// endpoints are the clusters' Connect endpoints, built once: their TLS
	// settings are parsed PEM.
	endpoints map[string]connect.Endpoint
}

// connectOf returns the client of the Kafka Connect cluster that runs links
// into cluster key.
func (d *providerData) connectOf(key string) (*connect.Client, error) {
	c, ok := d.clusters.Config(key)
	if !ok {
		return nil, fmt.Errorf("cluster %q is not configured in the provider; configured clusters: %s", key, strings.Join(d.clusters.Keys(), ", "))
	}
	if c.ConnectURL == "" {
		return nil, fmt.Errorf("cluster %q has no connect_url: set the URL of the Kafka Connect cluster that runs links into it", key)
	}
	return d.connect.Get(d.endpoints[key]), nil
}

// connectEndpoint is how the provider reaches a cluster's Connect REST API.
// The TLS settings were checked by Configure.
func connectEndpoint(c kafka.Config) connect.Endpoint {
	e := connect.Endpoint{URL: c.ConnectURL, Username: c.Connect.Username, Password: c.Connect.Password, Token: c.Connect.Token}
	if c.Connect.TLS != nil {
		e.TLS, _ = c.Connect.TLS.Build("connect_tls")
	}
	return e
}

// anyUnknown reports whether a cluster block holds a whole setting not
// known yet (a tls or connect_auth object from a module output of this same
// apply, say): the block cannot be read into its model until apply.
func anyUnknown(obj types.Object) bool {
	for _, v := range obj.Attributes() {
		if v.IsUnknown() {
			return true
		}
	}
	return false
}

func (p *geokafkaProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	configs := map[string]kafka.Config{}
	var unknown []string
	var secrets []string
	switch {
	case cfg.Clusters.IsUnknown():
		// Clusters come from resources of this same apply; resources wait.
		pool := connect.NewPool()
		data := &providerData{clusters: kafka.NewUnknownRegistry(), links: replication.NewEstate(pool, nil), connect: pool}
		resp.DataSourceData, resp.ResourceData = data, data
		p.data.Store(data)
		return
	case !cfg.Clusters.IsNull():
		for key, v := range cfg.Clusters.Elements() {
			obj, ok := v.(types.Object)
			if !ok || obj.IsUnknown() || anyUnknown(obj) {
				unknown = append(unknown, key)
				continue
			}
			var cm clusterModel
			resp.Diagnostics.Append(obj.As(ctx, &cm, basetypes.ObjectAsOptions{})...)
			if resp.Diagnostics.HasError() {
				return
			}
			c, known, err := cm.toConfig()
			if err != nil {
				// Terraform shows a provider block's errors without their
				// attribute path: the message starts with it.
				at, msg := path.Root("clusters").AtMapKey(key), err.Error()
				if fe, ok := errors.AsType[*kafka.FieldError](err); ok {
					for _, name := range fe.Path {
						at = at.AtName(name)
					}
					msg = fe.Msg
				}
				resp.Diagnostics.AddAttributeError(at, "Invalid Cluster Configuration", at.String()+": "+msg)
				continue
			}
			if !known {
				unknown = append(unknown, key)
				continue
			}
			configs[key] = c
			secrets = append(secrets, c.Secrets()...)
		}
	default:
		c, ok, err := configFromEnv(p.getenv)
		if err != nil {
			resp.Diagnostics.AddError("Invalid GEOKAFKA_* Environment", err.Error())
			return
		}
		if ok {
			configs[DefaultClusterKey] = c
			secrets = append(secrets, c.Secrets()...)
		}
	}
	checkSharedConnect(configs, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	rules := residencyRules(cfg.Residency, configs, unknown, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	stats := kafka.NewStats(p.getenv("GEOKAFKA_STATS_DIR"))
	data := &providerData{clusters: kafka.NewRegistry(configs, unknown, kafka.NewLogger(ctx, secrets...), stats), residency: rules}
	data.keyPrefixes = replication.CopyPrefixes(data.clusters.Keys(), nil)
	data.endpoints = map[string]connect.Endpoint{}
	online := map[string]connect.Endpoint{}
	for key, c := range configs {
		data.endpoints[key] = connectEndpoint(c)
		if !data.clusters.Offline(key) {
			online[key] = data.endpoints[key]
		}
	}
	data.connect = connect.NewPool()
	data.links = replication.NewEstate(data.connect, online)
	resp.DataSourceData = data
	resp.ResourceData = data
	p.data.Store(data)
}

// checkSharedConnect asks clusters that name the same connect_url to reach
// it the same way: the provider keeps one client per Connect cluster. It
// warns, once per URL, of credentials sent over plain http.
func checkSharedConnect(configs map[string]kafka.Config, diags *diag.Diagnostics) {
	first := map[string]string{}
	for _, key := range slices.Sorted(maps.Keys(configs)) {
		c := configs[key]
		if c.ConnectURL == "" {
			continue
		}
		k, ok := first[c.ConnectURL]
		if !ok {
			first[c.ConnectURL] = key
		}
		if c.ConnectInClear() && !ok {
			at := path.Root("clusters").AtMapKey(key).AtName("connect_auth")
			diags.AddAttributeWarning(at, "Kafka Connect Credentials In Clear Text", fmt.Sprintf(
				"%s: connect_url %q is plain http, so the password or token goes over the network unencrypted; serve the Connect REST API over https", at, c.ConnectURL))
		}
		if ok && !c.SameConnect(configs[k]) {
			at := path.Root("clusters").AtMapKey(key).AtName("connect_url")
			diags.AddAttributeError(at, "Invalid Cluster Configuration", fmt.Sprintf(
				"%s: clusters %q and %q share this Kafka Connect but set connect_tls or connect_auth differently; give both the same settings", at, k, key))
		}
	}
}

// residencyRules checks the rules: patterns MirrorMaker can take, and cluster
// keys that exist.
func residencyRules(in []residencyModel, configs map[string]kafka.Config, unknown []string, d *diag.Diagnostics) []replication.Rule {
	var rules []replication.Rule
	for i, r := range in {
		at := path.Root("residency").AtListIndex(i)
		if r.Topics.IsUnknown() {
			continue
		}
		var allowed []string
		for _, c := range r.AllowedClusters {
			key := c.ValueString()
			_, known := configs[key]
			if !c.IsUnknown() && !known && !slices.Contains(unknown, key) {
				d.AddAttributeError(at.AtName("allowed_clusters"), "Invalid Residency Rule",
					fmt.Sprintf("residency[%d].allowed_clusters: %q is not a key of clusters; use configured cluster keys.", i, key))
			}
			allowed = append(allowed, key)
		}
		rule, err := replication.NewRule(r.Topics.ValueString(), allowed)
		if err != nil {
			d.AddAttributeError(at.AtName("topics"), "Invalid Residency Rule", fmt.Sprintf("residency[%d].topics: %s.", i, err))
			continue
		}
		rules = append(rules, rule)
	}
	return rules
}

// residencyViolation returns the rule that forbids topic on cluster, if any,
// and the topic it covers: the topic itself, or the one it is named as a
// copy of under the clusters' default link prefixes.
func (d *providerData) residencyViolation(topic, cluster string) (replication.Rule, string, bool) {
	return replication.Restricted(d.residency, cluster, topic, d.keyPrefixes)
}

// topicNotAllowed is the detail of the error for a topic declared on a
// cluster that a residency rule keeps it, or the topic it is a copy of, off.
func (d *providerData) topicNotAllowed(topic, cluster string) (string, bool) {
	rule, origin, bad := d.residencyViolation(topic, cluster)
	if !bad {
		return "", false
	}
	what := fmt.Sprintf("Topic %q matches", topic)
	if origin != topic {
		what = fmt.Sprintf("Topic %q is named as a copy of %q, which matches", topic, origin)
	}
	return fmt.Sprintf("%s the residency rule %q, which keeps it on clusters %s; %q is not one of them. "+
		"Create the topic on an allowed cluster, or change the rule.",
		what, rule.Pattern, strings.Join(rule.Allowed, ", "), cluster), true
}

func (p *geokafkaProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewTopicResource,
		NewACLResource,
		NewSCRAMCredentialResource,
		NewQuotaResource,
		NewReplicationLinkResource,
		NewClusterConfigResource,
		NewGeoPartitionedTopicResource,
	}
}

func (p *geokafkaProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{NewRemoteTopicNameFunction}
}

func (p *geokafkaProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{NewClusterDataSource, NewTopicDataSource, NewTopicsDataSource, NewReplicationStatusDataSource}
}
