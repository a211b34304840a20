package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestConfigFromEnv(t *testing.T) {
	if _, ok, err := configFromEnv(env(nil)); ok || err != nil {
		t.Fatalf("no GEOKAFKA_BOOTSTRAP_SERVERS: ok=%v err=%v, want no cluster", ok, err)
	}
	c, ok, err := configFromEnv(env(map[string]string{
		"GEOKAFKA_BOOTSTRAP_SERVERS": " a:9092, b:9092 ,",
		"GEOKAFKA_REGION":            "eu-west-1",
		"GEOKAFKA_SASL_MECHANISM":    "SCRAM-SHA-512",
		"GEOKAFKA_SASL_USERNAME":     "tf",
		"GEOKAFKA_SASL_PASSWORD":     "s3cret",
		"GEOKAFKA_TLS_ENABLED":       "true",
		"GEOKAFKA_REQUEST_TIMEOUT":   "45s",
	}))
	if err != nil || !ok {
		t.Fatalf("ok=%v err=%v", ok, err)
	}
	if strings.Join(c.BootstrapServers, ",") != "a:9092,b:9092" || c.Region != "eu-west-1" || c.TLS == nil || c.SASL == nil || c.RequestTimeout.Seconds() != 45 {
		t.Fatalf("unexpected config %+v", c)
	}
	if got := c.Secrets(); len(got) == 0 || got[0] != "s3cret" {
		t.Fatalf("secrets to mask = %v", got)
	}
}

func TestConfigFromEnvErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		env  map[string]string
		want string
	}{
		"bad bool":      {map[string]string{"GEOKAFKA_TLS_ENABLED": "yes please"}, `GEOKAFKA_TLS_ENABLED="yes please" is not a boolean`},
		"bad timeout":   {map[string]string{"GEOKAFKA_REQUEST_TIMEOUT": "soon"}, `GEOKAFKA_REQUEST_TIMEOUT "soon" is not a positive duration`},
		"bad mechanism": {map[string]string{"GEOKAFKA_SASL_MECHANISM": "GSSAPI"}, `sasl.mechanism "GSSAPI" is not one of PLAIN, SCRAM-SHA-256`},
		"bad ca":        {map[string]string{"GEOKAFKA_TLS_CA_PEM": "not a pem"}, "tls.ca_pem holds no PEM certificate"},
		"cert alone":    {map[string]string{"GEOKAFKA_TLS_CERT_PEM": "x"}, "tls.cert_pem and tls.key_pem must be set together"},
	} {
		t.Run(name, func(t *testing.T) {
			tc.env["GEOKAFKA_BOOTSTRAP_SERVERS"] = "a:9092"
			_, _, err := configFromEnv(env(tc.env))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestClusterBlockTLSSwitch(t *testing.T) {
	base := clusterModel{BootstrapServers: []types.String{types.StringValue("a:9093")}}
	for name, tc := range map[string]struct {
		tls    *tlsModel
		wantOn bool
	}{
		"no block":          {nil, false},
		"enabled":           {&tlsModel{Enabled: types.BoolValue(true)}, true},
		"settings only":     {&tlsModel{InsecureSkipVerify: types.BoolValue(true)}, true},
		"explicitly off":    {&tlsModel{Enabled: types.BoolValue(false), InsecureSkipVerify: types.BoolValue(true)}, false},
		"empty block is on": {&tlsModel{}, true},
	} {
		t.Run(name, func(t *testing.T) {
			m := base
			m.TLS = tc.tls
			c, known, err := m.toConfig()
			if err != nil || !known {
				t.Fatalf("known=%v err=%v", known, err)
			}
			if (c.TLS != nil) != tc.wantOn {
				t.Fatalf("TLS on = %v, want %v", c.TLS != nil, tc.wantOn)
			}
		})
	}
	m := base
	m.BootstrapServers = []types.String{types.StringUnknown()}
	if _, known, _ := m.toConfig(); known {
		t.Fatal("unknown bootstrap servers must leave the cluster unknown until apply")
	}
}
