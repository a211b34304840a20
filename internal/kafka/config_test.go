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
