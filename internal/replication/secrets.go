package replication

import "regexp"

// How one end's client properties in a connector carry the cluster's
// secrets (the SASL password and the TLS client key).
const (
	SecretsNone       = "none"       // the cluster has neither
	SecretsInline     = "inline"     // at least one is there as it is
	SecretsReferenced = "referenced" // only config provider placeholders
)

var (
	placeholder  = regexp.MustCompile(`^\$\{[^}]*\}$`)
	jaasPassword = regexp.MustCompile(`\bpassword="((?:[^"\\]|\\.)*)"`)
)

// SecretsIn says how client (security.protocol, sasl.*, ssl.* of one end)
// carries its secrets, so that a plan sees connectors written before the
// cluster's connect_secrets were set.
func SecretsIn(client map[string]string) string {
	var vals []string
	if m := jaasPassword.FindStringSubmatch(client["sasl.jaas.config"]); m != nil {
		vals = append(vals, m[1])
	}
	if k, ok := client["ssl.keystore.key"]; ok {
		vals = append(vals, k)
	}
	if len(vals) == 0 {
		return SecretsNone
	}
	for _, v := range vals {
		if !placeholder.MatchString(v) {
			return SecretsInline
		}
	}
	return SecretsReferenced
}
