package provider

// The provider's cluster blocks: their schema, their model, and the
// kafka.Config each one (or the GEOKAFKA_* environment) describes.

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/geokafka/terraform-provider-geokafka/internal/kafka"
	"github.com/geokafka/terraform-provider-geokafka/internal/validators"
)

type clusterModel struct {
	BootstrapServers        []types.String `tfsdk:"bootstrap_servers"`
	ConnectBootstrapServers []types.String `tfsdk:"connect_bootstrap_servers"`
	Region                  types.String   `tfsdk:"region"`
	ConnectURL              types.String   `tfsdk:"connect_url"`
	ConnectTLS              *connectTLS    `tfsdk:"connect_tls"`
	ConnectAuth             *connectAuth   `tfsdk:"connect_auth"`
	ConnectSecrets          *secretRefs    `tfsdk:"connect_secrets"`
	RequestTimeout          types.String   `tfsdk:"request_timeout"`
	TLS                     *tlsModel      `tfsdk:"tls"`
	SASL                    *saslModel     `tfsdk:"sasl"`
	Offline                 types.Bool     `tfsdk:"offline"`
}

type connectTLS struct {
	CAPEM   types.String `tfsdk:"ca_pem"`
	CertPEM types.String `tfsdk:"cert_pem"`
	KeyPEM  types.String `tfsdk:"key_pem"`
}

type connectAuth struct {
	Username types.String `tfsdk:"username"`
	Password types.String `tfsdk:"password"`
	Token    types.String `tfsdk:"token"`
}

type secretRefs struct {
	Password types.String `tfsdk:"password"`
	KeyPEM   types.String `tfsdk:"key_pem"`
}

type tlsModel struct {
	Enabled            types.Bool   `tfsdk:"enabled"`
	CAPEM              types.String `tfsdk:"ca_pem"`
	CertPEM            types.String `tfsdk:"cert_pem"`
	KeyPEM             types.String `tfsdk:"key_pem"`
	InsecureSkipVerify types.Bool   `tfsdk:"insecure_skip_verify"`
}

type saslModel struct {
	Mechanism          types.String `tfsdk:"mechanism"`
	Username           types.String `tfsdk:"username"`
	Password           types.String `tfsdk:"password"`
	Token              types.String `tfsdk:"token"`
	AWSAccessKeyID     types.String `tfsdk:"aws_access_key_id"`
	AWSSecretAccessKey types.String `tfsdk:"aws_secret_access_key"`
	AWSSessionToken    types.String `tfsdk:"aws_session_token"`
}

func clusterAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"bootstrap_servers": schema.ListAttribute{
			MarkdownDescription: "Broker addresses (`host:port`, one per element) used to discover the cluster.",
			ElementType:         types.StringType,
			Required:            true,
			Validators:          []validator.List{listvalidator.ValueStringsAre(validators.HostPort())},
		},
		"connect_bootstrap_servers": schema.ListAttribute{
			MarkdownDescription: "Broker addresses (`host:port`) by which the Kafka Connect workers that run replication links reach this cluster, " +
				"when they differ from `bootstrap_servers` (for example a private endpoint in the workers' network). " +
				"Connectors of links out of and into this cluster get these; `bootstrap_servers` by default.",
			ElementType: types.StringType,
			Optional:    true,
			Validators:  []validator.List{listvalidator.ValueStringsAre(validators.HostPort())},
		},
		"region": schema.StringAttribute{
			MarkdownDescription: "Region label of the cluster (for example `eu-west-1`), reported by the `geokafka_cluster` data source.",
			Optional:            true,
		},
		"connect_url": schema.StringAttribute{
			MarkdownDescription: "URL of the Kafka Connect REST API that runs the replication links into this cluster " +
				"(`geokafka_replication_link` with this cluster as `target`).",
			Optional:   true,
			Validators: []validator.String{validators.HTTPURL()},
		},
		"connect_tls": schema.SingleNestedAttribute{
			MarkdownDescription: "TLS client settings for an `https` `connect_url`: the Connect REST API's CA, and a client certificate where it asks for one. " +
				"Without it, an `https` URL is checked against the system's CA roots.",
			Optional: true,
			Attributes: map[string]schema.Attribute{
				"ca_pem": schema.StringAttribute{
					MarkdownDescription: "PEM of the CA certificates that signed the Connect REST API's certificate.",
					Optional:            true,
				},
				"cert_pem": schema.StringAttribute{
					MarkdownDescription: "PEM of a client certificate, for a REST API that asks for one (`listeners.https.ssl.client.auth`).",
					Optional:            true,
				},
				"key_pem": schema.StringAttribute{
					MarkdownDescription: "PEM of the client certificate's private key.",
					Optional:            true,
					Sensitive:           true,
				},
			},
		},
		"connect_auth": schema.SingleNestedAttribute{
			MarkdownDescription: "How the provider logs in to the Connect REST API at `connect_url`: " +
				"`username` and `password` for HTTP basic authentication (Kafka's `BasicAuthSecurityRestExtension`), " +
				"or `token`, sent as `Authorization: Bearer`, for a REST extension or a gateway that takes one. " +
				"Clusters that share a `connect_url` must give the same settings.",
			Optional: true,
			Attributes: map[string]schema.Attribute{
				"username": schema.StringAttribute{MarkdownDescription: "User name (basic authentication).", Optional: true},
				"password": schema.StringAttribute{MarkdownDescription: "Password (basic authentication).", Optional: true, Sensitive: true},
				"token":    schema.StringAttribute{MarkdownDescription: "Bearer token.", Optional: true, Sensitive: true},
			},
		},
		"connect_secrets": schema.SingleNestedAttribute{
			MarkdownDescription: "Where the Kafka Connect workers find this cluster's secrets, so that the connectors of replication links carry " +
				"references to them instead of the secrets: anyone who can read the Connect REST API reads connector configurations. " +
				"Each value is a reference to a config provider configured on the workers, written `provider:path:key` or `provider:key` " +
				"(the `${provider:path:key}` of Kafka's config providers without `${` and `}`), for example `dir:/etc/kafka-connect/secrets/us-east:password` " +
				"with `DirectoryConfigProvider` registered as `dir`. Once set, it must cover every secret the cluster has. See the secured Kafka Connect guide.",
			Optional: true,
			Attributes: map[string]schema.Attribute{
				"password": schema.StringAttribute{
					MarkdownDescription: "Reference to `sasl.password` (PLAIN, SCRAM). The secret is the password as it is; " +
						"it lands between the double quotes of a JAAS line, so write a `\"` in it as `\\\"` and a `\\` as `\\\\`.",
					Optional: true,
				},
				"key_pem": schema.StringAttribute{
					MarkdownDescription: "Reference to `tls.key_pem`, the PEM of the client key (mutual TLS).",
					Optional:            true,
				},
			},
		},
		"request_timeout": schema.StringAttribute{
			MarkdownDescription: "How long one Kafka request may wait for one broker, as a Go duration (`10s` by default). " +
				"A broker silent that long (stopped, or in a region cut off) is given up and the request is sent to another one, " +
				"so a cluster that lost some brokers still answers; a new connection that has not answered after 2 s is given up at once when another bootstrap server answers. Requests that wait on the cluster (creating or deleting topics, reassignments) " +
				"ask it to wait this long or 30 s, whichever is longer, and get this much more for the answer.",
			Optional: true,
		},
		"offline": schema.BoolAttribute{
			MarkdownDescription: "Mark the cluster as lost, for example during a regional outage (`false` by default). " +
				"The provider never contacts an offline cluster: " +
				"resources on it keep the state of their last refresh (a warning names them), data sources on it fail, " +
				"and a plan that would create, change or destroy anything on it fails. " +
				"Replication links, whose connectors run on the target's Kafka Connect, have two exceptions: " +
				"a link out of an offline cluster can be destroyed, and a link into one can be created, " +
				"as a pending link that starts once the cluster is back (see `resume_from`). " +
				"Set it back to `false` once the cluster answers, and apply to bring it in line. See the disaster-recovery runbook guide.",
			Optional: true,
		},
		"tls": schema.SingleNestedAttribute{
			MarkdownDescription: "TLS settings. With `enabled` unset, TLS is on when the block sets anything; `enabled = false` turns it off.",
			Optional:            true,
			Attributes: map[string]schema.Attribute{
				"enabled": schema.BoolAttribute{
					MarkdownDescription: "Use TLS, with the system's CA roots unless `ca_pem` is set.",
					Optional:            true,
				},
				"ca_pem": schema.StringAttribute{
					MarkdownDescription: "PEM of the CA certificates that signed the brokers' certificates.",
					Optional:            true,
				},
				"cert_pem": schema.StringAttribute{
					MarkdownDescription: "PEM of the client certificate, for mutual TLS.",
					Optional:            true,
				},
				"key_pem": schema.StringAttribute{
					MarkdownDescription: "PEM of the client certificate's private key.",
					Optional:            true,
					Sensitive:           true,
				},
				"insecure_skip_verify": schema.BoolAttribute{
					MarkdownDescription: "Skip verification of the brokers' certificates. Only for tests.",
					Optional:            true,
				},
			},
		},
		"sasl": schema.SingleNestedAttribute{
			MarkdownDescription: "SASL authentication.",
			Optional:            true,
			Attributes: map[string]schema.Attribute{
				"mechanism": schema.StringAttribute{
					MarkdownDescription: "One of `" + strings.Join(kafka.Mechanisms, "`, `") + "`.",
					Required:            true,
					Validators:          []validator.String{stringvalidator.OneOfCaseInsensitive(kafka.Mechanisms...)},
				},
				"username": schema.StringAttribute{
					MarkdownDescription: "User name (PLAIN, SCRAM).",
					Optional:            true,
				},
				"password": schema.StringAttribute{
					MarkdownDescription: "Password (PLAIN, SCRAM).",
					Optional:            true,
					Sensitive:           true,
				},
				"token": schema.StringAttribute{
					MarkdownDescription: "Bearer token (OAUTHBEARER).",
					Optional:            true,
					Sensitive:           true,
				},
				"aws_access_key_id": schema.StringAttribute{
					MarkdownDescription: "AWS access key id (AWS_MSK_IAM); defaults to `AWS_ACCESS_KEY_ID`. " +
						"The signing region comes from the broker host names, else `AWS_REGION`.",
					Optional: true,
				},
				"aws_secret_access_key": schema.StringAttribute{
					MarkdownDescription: "AWS secret key (AWS_MSK_IAM); defaults to `AWS_SECRET_ACCESS_KEY`.",
					Optional:            true,
					Sensitive:           true,
				},
				"aws_session_token": schema.StringAttribute{
					MarkdownDescription: "AWS session token (AWS_MSK_IAM); defaults to `AWS_SESSION_TOKEN`.",
					Optional:            true,
					Sensitive:           true,
				},
			},
		},
	}
}

// toConfig converts one cluster block; known is false when a value is not
// known yet (it depends on a resource of the same apply).
func (cm clusterModel) toConfig() (kafka.Config, bool, error) {
	var c kafka.Config
	for _, s := range cm.BootstrapServers {
		if s.IsUnknown() {
			return c, false, nil
		}
		c.BootstrapServers = append(c.BootstrapServers, s.ValueString())
	}
	for _, s := range cm.ConnectBootstrapServers {
		if s.IsUnknown() {
			return c, false, nil
		}
		c.ConnectBootstrapServers = append(c.ConnectBootstrapServers, s.ValueString())
	}
	strs := []types.String{cm.Region, cm.ConnectURL, cm.RequestTimeout}
	if t := cm.ConnectTLS; t != nil {
		strs = append(strs, t.CAPEM, t.CertPEM, t.KeyPEM)
		c.Connect.TLS = &kafka.TLSConfig{CAPEM: t.CAPEM.ValueString(), CertPEM: t.CertPEM.ValueString(), KeyPEM: t.KeyPEM.ValueString()}
	}
	if a := cm.ConnectAuth; a != nil {
		strs = append(strs, a.Username, a.Password, a.Token)
		c.Connect.Username, c.Connect.Password, c.Connect.Token = a.Username.ValueString(), a.Password.ValueString(), a.Token.ValueString()
	}
	if r := cm.ConnectSecrets; r != nil {
		strs = append(strs, r.Password, r.KeyPEM)
		c.Connect.Secrets = kafka.SecretRefs{Password: r.Password.ValueString(), KeyPEM: r.KeyPEM.ValueString()}
	}
	for _, v := range strs {
		if v.IsUnknown() {
			return c, false, nil
		}
	}
	if len(c.BootstrapServers) == 0 {
		return c, true, fmt.Errorf("bootstrap_servers is empty: list at least one broker address (host:port)")
	}
	if cm.Offline.IsUnknown() {
		return c, false, nil
	}
	c.Offline = cm.Offline.ValueBool()
	c.Region = cm.Region.ValueString()
	c.ConnectURL = cm.ConnectURL.ValueString()
	if s := cm.RequestTimeout.ValueString(); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			return c, true, &kafka.FieldError{Path: []string{"request_timeout"}, Msg: fmt.Sprintf("%q is not a positive duration such as \"30s\" or \"2m\"", s)}
		}
		c.RequestTimeout = d
	}
	if t := cm.TLS; t != nil {
		if t.Enabled.IsUnknown() || t.CAPEM.IsUnknown() || t.CertPEM.IsUnknown() || t.KeyPEM.IsUnknown() {
			return c, false, nil
		}
		if t.Enabled.IsNull() || t.Enabled.ValueBool() {
			c.TLS = &kafka.TLSConfig{
				CAPEM:              t.CAPEM.ValueString(),
				CertPEM:            t.CertPEM.ValueString(),
				KeyPEM:             t.KeyPEM.ValueString(),
				InsecureSkipVerify: t.InsecureSkipVerify.ValueBool(),
			}
		}
	}
	if s := cm.SASL; s != nil {
		if s.Password.IsUnknown() || s.Username.IsUnknown() || s.Token.IsUnknown() {
			return c, false, nil
		}
		c.SASL = &kafka.SASLConfig{
			Mechanism: s.Mechanism.ValueString(), Username: s.Username.ValueString(), Password: s.Password.ValueString(),
			Token: s.Token.ValueString(), AWSAccessKeyID: s.AWSAccessKeyID.ValueString(),
			AWSSecretAccessKey: s.AWSSecretAccessKey.ValueString(), AWSSessionToken: s.AWSSessionToken.ValueString(),
		}
	}
	return c, true, c.Check()
}

// configFromEnv builds the default cluster from GEOKAFKA_* variables; ok is
// false when GEOKAFKA_BOOTSTRAP_SERVERS is unset.
func configFromEnv(getenv func(string) string) (kafka.Config, bool, error) {
	var c kafka.Config
	servers := getenv("GEOKAFKA_BOOTSTRAP_SERVERS")
	if servers == "" {
		return c, false, nil
	}
	for _, s := range strings.Split(servers, ",") {
		if s = strings.TrimSpace(s); s != "" {
			c.BootstrapServers = append(c.BootstrapServers, s)
		}
	}
	c.Region = getenv("GEOKAFKA_REGION")
	c.ConnectURL = getenv("GEOKAFKA_CONNECT_URL")
	if c.ConnectURL != "" {
		if err := validators.CheckHTTPURL(c.ConnectURL); err != nil {
			return c, false, fmt.Errorf("GEOKAFKA_CONNECT_URL: %w", err)
		}
	}
	c.Connect.Username, c.Connect.Password = getenv("GEOKAFKA_CONNECT_USERNAME"), getenv("GEOKAFKA_CONNECT_PASSWORD")
	c.Connect.Token = getenv("GEOKAFKA_CONNECT_TOKEN")
	if ca := getenv("GEOKAFKA_CONNECT_CA_PEM"); ca != "" {
		c.Connect.TLS = &kafka.TLSConfig{CAPEM: ca}
	}
	if s := getenv("GEOKAFKA_REQUEST_TIMEOUT"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			return c, false, fmt.Errorf("GEOKAFKA_REQUEST_TIMEOUT %q is not a positive duration such as \"30s\"", s)
		}
		c.RequestTimeout = d
	}
	envBool := func(k string) (bool, error) {
		v := getenv(k)
		if v == "" {
			return false, nil
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			return false, fmt.Errorf("%s=%q is not a boolean (true or false)", k, v)
		}
		return b, nil
	}
	tlsOn, err := envBool("GEOKAFKA_TLS_ENABLED")
	if err != nil {
		return c, false, err
	}
	insecure, err := envBool("GEOKAFKA_TLS_INSECURE_SKIP_VERIFY")
	if err != nil {
		return c, false, err
	}
	ca, cert, key := getenv("GEOKAFKA_TLS_CA_PEM"), getenv("GEOKAFKA_TLS_CERT_PEM"), getenv("GEOKAFKA_TLS_KEY_PEM")
	if tlsOn || ca != "" || cert != "" || key != "" || insecure {
		c.TLS = &kafka.TLSConfig{CAPEM: ca, CertPEM: cert, KeyPEM: key, InsecureSkipVerify: insecure}
	}
	if m := getenv("GEOKAFKA_SASL_MECHANISM"); m != "" {
		c.SASL = &kafka.SASLConfig{
			Mechanism: m, Username: getenv("GEOKAFKA_SASL_USERNAME"), Password: getenv("GEOKAFKA_SASL_PASSWORD"),
			Token: getenv("GEOKAFKA_SASL_TOKEN"),
		}
	}
	if err := c.Check(); err != nil {
		return c, false, envError(err)
	}
	return c, true, nil
}

// envVars names the variable behind each setting of the environment form.
var envVars = map[string]string{
	"bootstrap_servers": "GEOKAFKA_BOOTSTRAP_SERVERS", "region": "GEOKAFKA_REGION",
	"tls": "GEOKAFKA_TLS_ENABLED", "tls.ca_pem": "GEOKAFKA_TLS_CA_PEM", "tls.cert_pem": "GEOKAFKA_TLS_CERT_PEM",
	"tls.key_pem": "GEOKAFKA_TLS_KEY_PEM", "tls.insecure_skip_verify": "GEOKAFKA_TLS_INSECURE_SKIP_VERIFY",
	"sasl": "GEOKAFKA_SASL_MECHANISM", "sasl.mechanism": "GEOKAFKA_SASL_MECHANISM", "sasl.username": "GEOKAFKA_SASL_USERNAME",
	"sasl.password": "GEOKAFKA_SASL_PASSWORD", "sasl.token": "GEOKAFKA_SASL_TOKEN",
	"connect_url": "GEOKAFKA_CONNECT_URL", "connect_tls": "GEOKAFKA_CONNECT_CA_PEM", "connect_tls.ca_pem": "GEOKAFKA_CONNECT_CA_PEM",
	"connect_auth": "GEOKAFKA_CONNECT_USERNAME", "connect_auth.username": "GEOKAFKA_CONNECT_USERNAME",
	"connect_auth.password": "GEOKAFKA_CONNECT_PASSWORD", "connect_auth.token": "GEOKAFKA_CONNECT_TOKEN",
}

// envError names the variable to fix in an error about a setting: the
// checks speak of the provider block's attributes.
func envError(err error) error {
	fe, ok := errors.AsType[*kafka.FieldError](err)
	if !ok {
		return err
	}
	at := strings.Join(fe.Path, ".")
	if v, ok := envVars[at]; ok {
		return fmt.Errorf("%s (%s): %s", v, at, fe.Msg)
	}
	return err
}
