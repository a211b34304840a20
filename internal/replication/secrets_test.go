package replication

import "testing"

func TestSecretsIn(t *testing.T) {
	jaas := func(pw string) string {
		return `org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="` + pw + `";`
	}
	for want, clients := range map[string][]map[string]string{
		SecretsNone:       {nil, {"security.protocol": "SSL", "ssl.truststore.certificates": "CA"}, {"sasl.jaas.config": "software.amazon.msk.auth.iam.IAMLoginModule required;"}},
		SecretsInline:     {{"sasl.jaas.config": jaas("hunter2")}, {"ssl.keystore.key": "-----BEGIN PRIVATE KEY-----"}, {"sasl.jaas.config": jaas("${dir:/s:password}"), "ssl.keystore.key": "KEY"}, {"sasl.jaas.config": jaas(`a\"${x:y}`)}},
		SecretsReferenced: {{"sasl.jaas.config": jaas("${dir:/s:password}")}, {"ssl.keystore.key": "${env:KEY}"}, {"sasl.jaas.config": jaas("${file:/f.properties:p}"), "ssl.keystore.key": "${dir:/s:key_pem}"}},
	} {
		for _, c := range clients {
			if got := SecretsIn(c); got != want {
				t.Errorf("SecretsIn(%v) = %s, want %s", c, got, want)
			}
		}
	}
	// Read back from a connector as written.
	l := Link{Source: Endpoint{Key: "a", Client: map[string]string{"sasl.jaas.config": jaas("${dir:/s:password}")}},
		Target: Endpoint{Key: "b", Client: map[string]string{"ssl.keystore.key": "KEY"}}, SourceAlias: "a", Topics: []string{".*"}}
	cfg := l.Connectors()[ConnectorNames("a", "b").Source]
	if got := ArgumentsFromConfig(cfg, nil).Secrets; got["source"] != SecretsReferenced || got["target"] != SecretsInline {
		t.Errorf("read back as %v", got)
	}
}
