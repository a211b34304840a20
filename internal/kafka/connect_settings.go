package kafka

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// ConnectSettings are how the provider reaches a cluster's Kafka Connect
// REST API, and how the connectors it writes there reference the cluster's
// secrets.
type ConnectSettings struct {
	// TLS is the client side of an https connect_url (nil: system roots).
	TLS *TLSConfig
	// Basic authentication, or a bearer token: at most one of the two.
	Username, Password, Token string
	// Secrets holds Kafka config provider references that connectors get
	// in place of this cluster's secrets, so that the Connect REST API
	// never shows them.
	Secrets SecretRefs
}

// SecretRefs are references to a config provider configured on the
// Connect workers, written provider:path:key or provider:key (the
// ${provider:path:key} of Kafka's config providers without ${ and }).
type SecretRefs struct {
	Password string // the SASL password
	KeyPEM   string // the TLS client key, as PEM
}

func (r SecretRefs) set() bool { return r.Password != "" || r.KeyPEM != "" }

// secretRef is a provider alias, an optional path and a key. Kafka's
// ConfigTransformer splits ${...} at the first two colons and ends it at
// the first }, so neither may appear where they would cut the reference;
// nor may a quote, a backslash or white space, which the JAAS line would
// escape or the lookup would not find.
var secretRef = regexp.MustCompile(`^[A-Za-z0-9_.-]+:(?:[^:{}$"\\\s]+:)?[^:{}$"\\\s]+$`)

// placeholder is the value a connector gets in place of a secret.
func placeholder(ref string) string { return "${" + ref + "}" }

// checkConnect checks the Connect settings without a network call.
func (c Config) checkConnect() error {
	s := c.Connect
	if c.ConnectURL == "" {
		for _, f := range []struct {
			name string
			on   bool
		}{{"connect_tls", s.TLS != nil}, {"connect_auth", s.Username != "" || s.Password != "" || s.Token != ""}} {
			if f.on {
				return &FieldError{Path: []string{f.name}, Msg: "applies to the Kafka Connect at connect_url, which is not set: set connect_url, or remove " + f.name}
			}
		}
	}
	if s.TLS != nil {
		if u, err := url.Parse(c.ConnectURL); err == nil && u.Scheme != "https" && c.ConnectURL != "" {
			return &FieldError{Path: []string{"connect_tls"}, Msg: fmt.Sprintf("applies to an https connect_url, and %q is not one: use https://, or remove connect_tls", c.ConnectURL)}
		}
		if _, err := s.TLS.Build("connect_tls"); err != nil {
			return err
		}
	}
	switch {
	case s.Token != "" && (s.Username != "" || s.Password != ""):
		return &FieldError{Path: []string{"connect_auth", "token"}, Msg: "a bearer token replaces basic authentication: set token, or username and password, not both"}
	case s.Username != "" && s.Password == "":
		return &FieldError{Path: []string{"connect_auth", "password"}, Msg: "basic authentication needs the password of connect_auth.username: set it"}
	case s.Password != "" && s.Username == "":
		return &FieldError{Path: []string{"connect_auth", "username"}, Msg: "basic authentication needs the user name that connect_auth.password belongs to: set it"}
	}
	return c.checkSecretRefs()
}

// checkSecretRefs asks for a reference for every secret the connectors
// need once any is given, so that none is left inline by mistake.
func (c Config) checkSecretRefs() error {
	r := c.Connect.Secrets
	for _, f := range []struct{ name, ref string }{{"password", r.Password}, {"key_pem", r.KeyPEM}} {
		if f.ref != "" && !secretRef.MatchString(f.ref) {
			return &FieldError{Path: []string{"connect_secrets", f.name}, Msg: fmt.Sprintf("%q is not a config provider reference: write provider:path:key (for example dir:/etc/kafka-connect/secrets:password) "+
				"or provider:key (env:KAFKA_PASSWORD), without ${ } and with no : in the path", f.ref)}
		}
	}
	if !r.set() {
		return nil
	}
	hasPassword := c.SASL != nil && c.SASL.Password != ""
	hasKey := c.TLS != nil && c.TLS.KeyPEM != ""
	switch {
	case hasPassword && r.Password == "":
		return &FieldError{Path: []string{"connect_secrets", "password"}, Msg: "the cluster's sasl.password would go into connector configurations as it is: give its reference too"}
	case hasKey && r.KeyPEM == "":
		return &FieldError{Path: []string{"connect_secrets", "key_pem"}, Msg: "the cluster's tls.key_pem would go into connector configurations as it is: give its reference too"}
	case !hasPassword && r.Password != "":
		return &FieldError{Path: []string{"connect_secrets", "password"}, Msg: "the cluster has no sasl.password for it to stand for: remove it"}
	case !hasKey && r.KeyPEM != "":
		return &FieldError{Path: []string{"connect_secrets", "key_pem"}, Msg: "the cluster has no tls.key_pem for it to stand for: remove it"}
	}
	return nil
}

// InlineSecrets names the secrets of the cluster that connectors would
// carry as they are (no connect_secrets reference), for a warning.
func (c Config) InlineSecrets() []string {
	var out []string
	if c.SASL != nil && c.SASL.Password != "" && c.Connect.Secrets.Password == "" {
		out = append(out, "sasl.password")
	}
	if c.TLS != nil && c.TLS.KeyPEM != "" && c.Connect.Secrets.KeyPEM == "" {
		out = append(out, "tls.key_pem")
	}
	return out
}

// SameConnect reports whether two clusters reach a Connect REST API the
// same way; clusters that share a connect_url must. An empty connect_tls is
// none, and PEM is compared without surrounding white space.
func (c Config) SameConnect(o Config) bool {
	a, b := c.Connect, o.Connect
	return pems(a.TLS) == pems(b.TLS) && a.Username == b.Username && a.Password == b.Password && a.Token == b.Token
}

func pems(t *TLSConfig) [3]string {
	if t == nil {
		return [3]string{}
	}
	return [3]string{strings.TrimSpace(t.CAPEM), strings.TrimSpace(t.CertPEM), strings.TrimSpace(t.KeyPEM)}
}

// ConnectInClear reports whether the provider would send Connect
// credentials over plain http.
func (c Config) ConnectInClear() bool {
	s := c.Connect
	return strings.HasPrefix(strings.ToLower(c.ConnectURL), "http://") && (s.Password != "" || s.Token != "")
}
