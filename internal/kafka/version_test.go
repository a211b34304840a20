package kafka

import (
	"errors"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"
	"github.com/twmb/franz-go/pkg/kversion"
)

func apiVersions(vs *kversion.Versions) *kmsg.ApiVersionsResponse {
	resp := kmsg.NewPtrApiVersionsResponse()
	vs.EachMaxKeyVersion(func(k, v int16) {
		key := kmsg.NewApiVersionsResponseApiKey()
		key.ApiKey, key.MaxVersion = k, v
		resp.ApiKeys = append(resp.ApiKeys, key)
	})
	return resp
}

func TestVersionOf(t *testing.T) {
	got := VersionOf(apiVersions(kversion.V2_8_0()))
	if got.Release != "2.8" || !got.ZooKeeper || got.String() != "Kafka 2.8 in ZooKeeper mode" {
		t.Fatalf("2.8: got %+v (%s)", got, got)
	}
	noZK := kversion.V3_9_0()
	noZK.SetMaxKeyVersion(leaderAndIsr, -1) // what a KRaft broker lists
	if got := VersionOf(apiVersions(noZK)); got.ZooKeeper {
		t.Fatalf("a broker without LeaderAndIsr reads as ZooKeeper mode: %+v", got)
	}
}

func TestUnknownTopicConfig(t *testing.T) {
	for _, tc := range []struct {
		err  error
		key  string
		want bool
	}{
		{withDetail(kerr.InvalidConfig, "Unknown topic config name: message.format.version"), "message.format.version", true},
		{withDetail(kerr.InvalidRequest, "Unknown topic config name: retention.msec."), "retention.msec", true},
		{withDetail(kerr.InvalidConfig, "Invalid value a week for configuration retention.ms"), "", false},
		{withDetail(kerr.PolicyViolation, "Unknown topic config name: x"), "", false},
		{errors.New("Unknown topic config name: x"), "", false},
	} {
		key, ok := UnknownTopicConfig(tc.err)
		if key != tc.key || ok != tc.want {
			t.Errorf("UnknownTopicConfig(%v) = %q, %v; want %q, %v", tc.err, key, ok, tc.key, tc.want)
		}
	}
	v := Version{Release: "4.3"}
	if s := UnknownTopicConfigFix("us-east", "message.timestamp.difference.max.ms", v); !strings.Contains(s, `Cluster "us-east" runs Kafka 4.3`) ||
		!strings.Contains(s, "message.timestamp.before.max.ms") {
		t.Errorf("removed key: %s", s)
	}
	if s := UnknownTopicConfigFix("legacy", "retention.msec", Version{Release: "3.9", ZooKeeper: true}); !strings.Contains(s, "Kafka 3.9 in ZooKeeper mode") ||
		!strings.Contains(s, "check its spelling") {
		t.Errorf("unknown key: %s", s)
	}
}
