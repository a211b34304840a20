package kafka

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl"
	"github.com/twmb/franz-go/pkg/sasl/aws"
	"github.com/twmb/franz-go/pkg/sasl/oauth"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"
)

// DefaultRequestTimeout bounds one attempt of a Kafka request on one broker
// when the cluster configuration does not say otherwise. A broker silent
// that long (stopped, or in a region cut off, where connections stall rather
// than fail) is given up and the request goes to another broker.
const DefaultRequestTimeout = 10 * time.Second

// minServerTimeout is the least that requests which wait on the cluster
// (creating or deleting topics, reassigning partitions) ask it to wait.
const minServerTimeout = 30 * time.Second

// Config describes how to reach one Kafka cluster. It is plain data: building
// it never dials.
type Config struct {
	BootstrapServers []string
	// ConnectBootstrapServers are the addresses by which Kafka Connect
	// workers reach the cluster, when they differ from BootstrapServers.
	ConnectBootstrapServers []string
	Region                  string
	ConnectURL              string
	// Connect is how to reach the Connect REST API at ConnectURL, and how
	// connectors reference this cluster's secrets.
	Connect        ConnectSettings
	RequestTimeout time.Duration
	TLS            *TLSConfig
	SASL           *SASLConfig
	// Offline marks a cluster that is down on purpose (a regional outage):
	// nothing dials it, and resources on it keep their last known state.
	Offline bool
}

// TLSConfig holds PEM material for the client side of a TLS connection.
type TLSConfig struct {
	CAPEM              string
	CertPEM            string
	KeyPEM             string
	InsecureSkipVerify bool
}

// SASLConfig selects and parameterises a SASL mechanism.
type SASLConfig struct {
	Mechanism          string
	Username           string
	Password           string
	Token              string
	AWSAccessKeyID     string
	AWSSecretAccessKey string
	AWSSessionToken    string
}

// Mechanisms lists the SASL mechanisms the provider speaks.
var Mechanisms = []string{"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER", "AWS_MSK_IAM"}

// FieldError is a mistake in one setting of a cluster, such as
// sasl.password: Path holds the attribute names under the cluster.
type FieldError struct {
	Path []string
	Msg  string
}

func (e *FieldError) Error() string { return strings.Join(e.Path, ".") + ": " + e.Msg }

// check says which setting the mechanism lacks or does not use, so that
// the mistake shows at plan rather than as a broker's ILLEGAL_SASL_STATE.
// AWS credentials may come from the environment, so none is required.
func (s *SASLConfig) check() error {
	m := strings.ToUpper(s.Mechanism)
	set := []struct {
		name string
		on   bool
	}{
		{"username", s.Username != ""}, {"password", s.Password != ""}, {"token", s.Token != ""},
		{"aws_access_key_id", s.AWSAccessKeyID != ""}, {"aws_secret_access_key", s.AWSSecretAccessKey != ""},
		{"aws_session_token", s.AWSSessionToken != ""},
	}
	var need, uses []string
	switch m {
	case "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512":
		need = []string{"username", "password"}
		uses = need
	case "OAUTHBEARER":
		need = []string{"token"}
		uses = need
	case "AWS_MSK_IAM":
		uses = []string{"aws_access_key_id", "aws_secret_access_key", "aws_session_token"}
	default:
		return nil // mechanism() names the unknown mechanism
	}
	for _, f := range set {
		if !f.on && slices.Contains(need, f.name) {
			return &FieldError{Path: []string{"sasl", f.name}, Msg: fmt.Sprintf("SASL %s needs sasl.%s: set it", m, f.name)}
		}
	}
	for _, f := range set {
		if f.on && !slices.Contains(uses, f.name) {
			return &FieldError{Path: []string{"sasl", f.name}, Msg: fmt.Sprintf("SASL %s does not use sasl.%s: remove it, or choose the mechanism it belongs to", m, f.name)}
		}
	}
	return nil
}

// Check builds the TLS and SASL settings without dialing, so that bad PEM
// or an unknown mechanism fails at configure time with a clear message.
func (c Config) Check() error {
	if _, err := c.clientOptions(); err != nil {
		return err
	}
	return c.checkConnect()
}

// Secrets returns the secret values of the configuration, for log masking.
func (c Config) Secrets() []string {
	var out []string
	if c.SASL != nil {
		out = append(out, c.SASL.Password, c.SASL.Token, c.SASL.AWSSecretAccessKey, c.SASL.AWSSessionToken)
	}
	if c.TLS != nil {
		out = append(out, c.TLS.KeyPEM)
	}
	out = append(out, c.Connect.Password, c.Connect.Token)
	if c.Connect.TLS != nil {
		out = append(out, c.Connect.TLS.KeyPEM)
	}
	return out
}

// ConnectBootstrap is the bootstrap list a connector of a replication link
// gets for this cluster.
func (c Config) ConnectBootstrap() []string {
	if len(c.ConnectBootstrapServers) > 0 {
		return c.ConnectBootstrapServers
	}
	return c.BootstrapServers
}

func (c Config) timeout() time.Duration {
	if c.RequestTimeout > 0 {
		return c.RequestTimeout
	}
	return DefaultRequestTimeout
}

// serverTimeout is how long requests that wait on the cluster ask it to
// wait; the client waits that long plus timeout() for the answer.
func (c Config) serverTimeout() time.Duration { return max(c.timeout(), minServerTimeout) }

// roundTrip bounds a request with its retries on other brokers: room for a
// request that waits on the cluster, and for two silent brokers before one
// that answers.
func (c Config) roundTrip() time.Duration { return c.serverTimeout() + 3*c.timeout() }

// clientID names the provider to the brokers.
const clientID = "terraform-provider-geokafka"

// clientOptions turns the configuration into franz-go options.
func (c Config) clientOptions() ([]kgo.Opt, error) {
	if len(c.BootstrapServers) == 0 {
		return nil, errors.New("no bootstrap_servers are set")
	}
	var tc *tls.Config
	if c.TLS != nil {
		var err error
		if tc, err = c.TLS.Build("tls"); err != nil {
			return nil, err
		}
	}
	opts := []kgo.Opt{
		kgo.SeedBrokers(shuffled(c.BootstrapServers)...),
		kgo.ClientID(clientID),
		kgo.RequestTimeoutOverhead(c.timeout()),
		kgo.RetryTimeout(c.roundTrip()),
		kgo.Dialer(newDialer(min(c.timeout(), 10*time.Second), tc, c.BootstrapServers).dial),
	}
	if c.SASL != nil {
		m, err := c.SASL.mechanism()
		if err != nil {
			return nil, err
		}
		opts = append(opts, kgo.SASL(m))
	}
	return opts, nil
}

// Build makes the client side of TLS; errors name the settings under block
// (the cluster's "tls", or "connect_tls").
func (t *TLSConfig) Build(block string) (*tls.Config, error) {
	tc := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: t.InsecureSkipVerify} //nolint:gosec // opt-in by the user
	if t.CAPEM != "" {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM([]byte(t.CAPEM)) {
			return nil, &FieldError{Path: []string{block, "ca_pem"}, Msg: "holds no PEM certificate: give the CA certificates that signed the servers' ones, as PEM (-----BEGIN CERTIFICATE-----), for example with file()"}
		}
		tc.RootCAs = pool
	}
	if (t.CertPEM == "") != (t.KeyPEM == "") {
		missing := "key_pem"
		if t.CertPEM == "" {
			missing = "cert_pem"
		}
		return nil, &FieldError{Path: []string{block, missing}, Msg: block + ".cert_pem and " + block + ".key_pem go together (mutual TLS): set " + block + "." + missing + " too, or remove the other"}
	}
	if t.CertPEM != "" {
		cert, err := tls.X509KeyPair([]byte(t.CertPEM), []byte(t.KeyPEM))
		if err != nil {
			return nil, keyPairError(block, t.CertPEM, t.KeyPEM, err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	return tc, nil
}

// keyPairError says which half of a client certificate is wrong.
func keyPairError(block, certPEM, keyPEM string, err error) error {
	if b, _ := pem.Decode([]byte(certPEM)); b == nil {
		return &FieldError{Path: []string{block, "cert_pem"}, Msg: "holds no PEM certificate: give the client certificate as PEM (-----BEGIN CERTIFICATE-----)"}
	}
	if b, _ := pem.Decode([]byte(keyPEM)); b == nil {
		return &FieldError{Path: []string{block, "key_pem"}, Msg: "holds no PEM private key: give the client certificate's key as PEM (-----BEGIN PRIVATE KEY-----)"}
	}
	return &FieldError{Path: []string{block, "key_pem"}, Msg: fmt.Sprintf("is not the key of %s.cert_pem, or cannot be read (%v): give the pair that belongs together", block, err)}
}

func (s *SASLConfig) mechanism() (sasl.Mechanism, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	switch strings.ToUpper(s.Mechanism) {
	case "PLAIN":
		return plain.Auth{User: s.Username, Pass: s.Password}.AsMechanism(), nil
	case "SCRAM-SHA-256":
		return scram.Auth{User: s.Username, Pass: s.Password}.AsSha256Mechanism(), nil
	case "SCRAM-SHA-512":
		return scram.Auth{User: s.Username, Pass: s.Password}.AsSha512Mechanism(), nil
	case "OAUTHBEARER":
		return oauth.Auth{Token: s.Token}.AsMechanism(), nil
	case "AWS_MSK_IAM":
		// Each credential falls back to the standard AWS variable on its own,
		// read at dial time. franz-go takes the signing region from the
		// broker host names, else AWS_REGION.
		return aws.ManagedStreamingIAM(func(context.Context) (aws.Auth, error) {
			return aws.Auth{
				AccessKey:    orEnv(s.AWSAccessKeyID, "AWS_ACCESS_KEY_ID"),
				SecretKey:    orEnv(s.AWSSecretAccessKey, "AWS_SECRET_ACCESS_KEY"),
				SessionToken: orEnv(s.AWSSessionToken, "AWS_SESSION_TOKEN"),
			}, nil
		}), nil
	default:
		return nil, fmt.Errorf("sasl.mechanism %q is not one of %s", s.Mechanism, strings.Join(Mechanisms, ", "))
	}
}

func orEnv(v, key string) string {
	if v != "" {
		return v
	}
	return os.Getenv(key)
}
