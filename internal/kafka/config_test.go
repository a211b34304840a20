package kafka

import (
	"strings"
	"testing"
)

func TestSASLCheck(t *testing.T) {
	for name, tc := range map[string]struct {
		sasl SASLConfig
		want string // "" when valid
	}{
		"scram":               {SASLConfig{Mechanism: "scram-sha-512", Username: "a", Password: "p"}, ""},
		"plain, no username":  {SASLConfig{Mechanism: "PLAIN", Password: "p"}, "sasl.username: SASL PLAIN needs sasl.username"},
		"oauth":               {SASLConfig{Mechanism: "OAUTHBEARER", Token: "t"}, ""},
		"oauth, no token":     {SASLConfig{Mechanism: "OAUTHBEARER"}, "sasl.token: SASL OAUTHBEARER needs sasl.token"},
		"scram with a token":  {SASLConfig{Mechanism: "SCRAM-SHA-256", Username: "a", Password: "p", Token: "t"}, "sasl.token: SASL SCRAM-SHA-256 does not use sasl.token"},
		"aws from env":        {SASLConfig{Mechanism: "AWS_MSK_IAM"}, ""},
		"aws with a username": {SASLConfig{Mechanism: "AWS_MSK_IAM", Username: "a"}, "does not use sasl.username"},
	} {
		_, err := Config{BootstrapServers: []string{"a:9092"}, SASL: &tc.sasl}.clientOptions()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: unexpected error %v", name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: error %v, want one saying %q", name, err, tc.want)
		}
	}
}

func TestConnectSettingsCheck(t *testing.T) {
	scram := &SASLConfig{Mechanism: "SCRAM-SHA-512", Username: "a", Password: "p"}
	https := "https://connect:8443"
	for name, tc := range map[string]struct {
		c    Config
		want string // "" when valid
	}{
		"basic auth":            {Config{ConnectURL: https, Connect: ConnectSettings{Username: "u", Password: "p"}}, ""},
		"token":                 {Config{ConnectURL: https, Connect: ConnectSettings{Token: "t"}}, ""},
		"token and basic":       {Config{ConnectURL: https, Connect: ConnectSettings{Username: "u", Password: "p", Token: "t"}}, "connect_auth.token: a bearer token replaces"},
		"user without password": {Config{ConnectURL: https, Connect: ConnectSettings{Username: "u"}}, "connect_auth.password"},
		"password without user": {Config{ConnectURL: https, Connect: ConnectSettings{Password: "p"}}, "connect_auth.username"},
		"auth without url":      {Config{Connect: ConnectSettings{Token: "t"}}, "connect_auth: applies to the Kafka Connect at connect_url"},
		"tls over http":         {Config{ConnectURL: "http://c:8083", Connect: ConnectSettings{TLS: &TLSConfig{}}}, "connect_tls: applies to an https connect_url"},
		"tls bad ca":            {Config{ConnectURL: https, Connect: ConnectSettings{TLS: &TLSConfig{CAPEM: "x"}}}, "connect_tls.ca_pem: holds no PEM"},
		"tls cert without key":  {Config{ConnectURL: https, Connect: ConnectSettings{TLS: &TLSConfig{CertPEM: "x"}}}, "connect_tls.key_pem"},
		"password ref":          {Config{SASL: scram, Connect: ConnectSettings{Secrets: SecretRefs{Password: "dir:/etc/secrets:password"}}}, ""},
		"env ref":               {Config{SASL: scram, Connect: ConnectSettings{Secrets: SecretRefs{Password: "env:KAFKA_PASSWORD"}}}, ""},
		"ref with ${":           {Config{SASL: scram, Connect: ConnectSettings{Secrets: SecretRefs{Password: "${dir:/etc:password}"}}}, "connect_secrets.password: \"${dir:/etc:password}\" is not a config provider reference"},
		"ref without key":       {Config{SASL: scram, Connect: ConnectSettings{Secrets: SecretRefs{Password: "dir"}}}, "is not a config provider reference"},
		"ref with a quote":      {Config{SASL: scram, Connect: ConnectSettings{Secrets: SecretRefs{Password: `dir:/s:pass"word`}}}, "is not a config provider reference"},
		"ref with a space":      {Config{SASL: scram, Connect: ConnectSettings{Secrets: SecretRefs{Password: "dir:/my secrets:password"}}}, "is not a config provider reference"},
		"ref with colon path":   {Config{SASL: scram, Connect: ConnectSettings{Secrets: SecretRefs{Password: "file:C:/x:password"}}}, "is not a config provider reference"},
		"key ref, no key":       {Config{SASL: scram, Connect: ConnectSettings{Secrets: SecretRefs{Password: "env:P", KeyPEM: "env:K"}}}, "connect_secrets.key_pem: the cluster has no tls.key_pem"},
		"password left inline":  {Config{SASL: scram, TLS: &TLSConfig{CertPEM: "c", KeyPEM: "k"}, Connect: ConnectSettings{Secrets: SecretRefs{KeyPEM: "env:K"}}}, "connect_secrets.password: the cluster's sasl.password would go"},
		"password ref, no sasl": {Config{Connect: ConnectSettings{Secrets: SecretRefs{Password: "env:P"}}}, "connect_secrets.password: the cluster has no sasl.password"},
	} {
		err := tc.c.checkConnect()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: unexpected error %v", name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: error %v, want one saying %q", name, err, tc.want)
		}
	}
}

// With references, the connectors' client properties hold placeholders and
// neither the password nor the key.
func TestJavaClientPropertiesSecretRefs(t *testing.T) {
	c := Config{
		SASL: &SASLConfig{Mechanism: "SCRAM-SHA-512", Username: "a", Password: "hunter2"},
		TLS:  &TLSConfig{CertPEM: "CERT", KeyPEM: "-----BEGIN PRIVATE KEY-----"},
	}
	inline, err := c.JavaClientProperties()
	if err != nil || !strings.Contains(inline["sasl.jaas.config"], "hunter2") || inline["ssl.keystore.key"] != c.TLS.KeyPEM {
		t.Fatalf("inline: %v, %v", inline, err)
	}
	if got := c.InlineSecrets(); strings.Join(got, ",") != "sasl.password,tls.key_pem" {
		t.Errorf("InlineSecrets = %v", got)
	}
	c.Connect.Secrets = SecretRefs{Password: "dir:/s:password", KeyPEM: "dir:/s:key.pem"}
	p, err := c.JavaClientProperties()
	if err != nil {
		t.Fatal(err)
	}
	if want := `org.apache.kafka.common.security.scram.ScramLoginModule required username="a" password="${dir:/s:password}";`; p["sasl.jaas.config"] != want {
		t.Errorf("jaas = %s, want %s", p["sasl.jaas.config"], want)
	}
	if p["ssl.keystore.key"] != "${dir:/s:key.pem}" {
		t.Errorf("key = %s", p["ssl.keystore.key"])
	}
	for k, v := range p {
		if strings.Contains(v, "hunter2") || strings.Contains(v, "PRIVATE KEY") {
			t.Errorf("%s carries a secret: %s", k, v)
		}
	}
	if got := c.InlineSecrets(); len(got) != 0 {
		t.Errorf("InlineSecrets = %v", got)
	}
}

func TestSameConnect(t *testing.T) {
	a := Config{ConnectURL: "https://c", Connect: ConnectSettings{TLS: &TLSConfig{CAPEM: "CA\n"}, Username: "u", Password: "p"}}
	b := Config{ConnectURL: "https://c", Connect: ConnectSettings{TLS: &TLSConfig{CAPEM: "CA"}, Username: "u", Password: "p"}}
	if !a.SameConnect(b) || !(Config{Connect: ConnectSettings{TLS: &TLSConfig{}}}).SameConnect(Config{}) {
		t.Error("white space around PEM, or an empty connect_tls, makes a difference")
	}
	if b.Connect.Password = "q"; a.SameConnect(b) {
		t.Error("another password is the same")
	}
	if a.ConnectInClear() || !(Config{ConnectURL: "HTTP://c:8083", Connect: ConnectSettings{Token: "t"}}).ConnectInClear() {
		t.Error("ConnectInClear misjudges")
	}
}

func TestReflects(t *testing.T) {
	cur := map[string]string{"message.max.bytes": "3145728", "listener.name.x.ssl.key.password": ""}
	for _, tc := range []struct {
		changes []ConfigChange
		want    bool
	}{
		{[]ConfigChange{{Key: "message.max.bytes", Value: "3145728"}}, true},
		{[]ConfigChange{{Key: "message.max.bytes", Value: "2097152"}}, false},
		{[]ConfigChange{{Key: "message.max.bytes", Delete: true}}, false},
		{[]ConfigChange{{Key: "log.retention.ms", Delete: true}}, true},
		{[]ConfigChange{{Key: "log.retention.ms", Value: "1"}}, false},
		{[]ConfigChange{{Key: "listener.name.x.ssl.key.password", Value: "secret"}}, true},
	} {
		if got := reflects(cur, tc.changes); got != tc.want {
			t.Errorf("reflects(%v) = %v, want %v", tc.changes, got, tc.want)
		}
	}
}
