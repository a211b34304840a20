package kafka

import (
	"fmt"
	"strings"
)

// JavaClientProperties returns the security settings of the cluster as Java
// Kafka client properties, for clients that Kafka Connect runs on the
// provider's behalf (MirrorMaker). TLS material is passed as PEM; the SASL
// password and the TLS key are config provider placeholders where
// connect_secrets gives references, else inline.
func (c Config) JavaClientProperties() (map[string]string, error) {
	refs := c.Connect.Secrets
	p := map[string]string{}
	switch {
	case c.TLS != nil && c.SASL != nil:
		p["security.protocol"] = "SASL_SSL"
	case c.TLS != nil:
		p["security.protocol"] = "SSL"
	case c.SASL != nil:
		p["security.protocol"] = "SASL_PLAINTEXT"
	}
	if t := c.TLS; t != nil {
		if t.InsecureSkipVerify {
			return nil, fmt.Errorf("tls.insecure_skip_verify cannot be passed to Kafka Connect's Java clients; set tls.ca_pem instead")
		}
		if t.CAPEM != "" {
			p["ssl.truststore.type"] = "PEM"
			p["ssl.truststore.certificates"] = strings.TrimSpace(t.CAPEM)
		}
		if t.CertPEM != "" {
			p["ssl.keystore.type"] = "PEM"
			p["ssl.keystore.certificate.chain"] = strings.TrimSpace(t.CertPEM)
			p["ssl.keystore.key"] = strings.TrimSpace(t.KeyPEM)
			if refs.KeyPEM != "" {
				p["ssl.keystore.key"] = placeholder(refs.KeyPEM)
			}
		}
	}
	if s := c.SASL; s != nil {
		mech := strings.ToUpper(s.Mechanism)
		p["sasl.mechanism"] = mech
		password := s.Password
		if refs.Password != "" {
			password = placeholder(refs.Password)
		}
		switch mech {
		case "PLAIN":
			p["sasl.jaas.config"] = jaas("org.apache.kafka.common.security.plain.PlainLoginModule", s.Username, password)
		case "SCRAM-SHA-256", "SCRAM-SHA-512":
			p["sasl.jaas.config"] = jaas("org.apache.kafka.common.security.scram.ScramLoginModule", s.Username, password)
		case "AWS_MSK_IAM":
			// Needs the aws-msk-iam-auth jar on the Connect workers.
			p["sasl.jaas.config"] = "software.amazon.msk.auth.iam.IAMLoginModule required;"
			p["sasl.client.callback.handler.class"] = "software.amazon.msk.auth.iam.IAMClientCallbackHandler"
		default:
			return nil, fmt.Errorf("sasl.mechanism %s cannot be passed to Kafka Connect's Java clients without a login callback; "+
				"use SCRAM, PLAIN, AWS_MSK_IAM or mutual TLS for clusters that replication links use", mech)
		}
	}
	return p, nil
}

func jaas(module, user, password string) string {
	q := func(s string) string { return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"` }
	return fmt.Sprintf("%s required username=%s password=%s;", module, q(user), q(password))
}
