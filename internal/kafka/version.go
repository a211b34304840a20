package kafka

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"
	"github.com/twmb/franz-go/pkg/kversion"
)

// Version is the Kafka release a cluster's brokers speak, as far as their API
// versions tell.
type Version struct {
	Release   string // "3.9", "at least 4.3", "between 2.8 and 3.0"
	ZooKeeper bool   // a ZooKeeper-mode broker (Kafka 3.x and older)
}

func (v Version) String() string {
	s := "Kafka " + v.Release
	if v.ZooKeeper {
		s += " in ZooKeeper mode"
	}
	return s
}

var releaseTag = regexp.MustCompile(`\bv(\d)`)

// leaderAndIsr is an inter-broker request that only ZooKeeper-mode brokers
// list in their API versions.
const leaderAndIsr = 4

// VersionOf reads an ApiVersions response.
func VersionOf(resp *kmsg.ApiVersionsResponse) Version {
	vs := kversion.FromApiVersionsResponse(resp)
	_, zk := vs.LookupMaxKeyVersion(leaderAndIsr)
	return Version{Release: releaseTag.ReplaceAllString(vs.VersionGuess(), "$1"), ZooKeeper: zk}
}

// Version asks one broker which API versions it speaks, once per provider
// process. Only error paths ask, so a plan that succeeds pays nothing.
func (c *Cluster) Version(ctx context.Context) (Version, error) {
	return c.version.get(ctx)
}

func (c *Cluster) loadVersion(ctx context.Context) (Version, error) {
	resp, err := kmsg.NewPtrApiVersionsRequest().RequestWith(ctx, c.cl)
	if err != nil {
		return Version{}, err
	}
	if err := kerr.ErrorForCode(resp.ErrorCode); err != nil {
		return Version{}, err
	}
	return VersionOf(resp), nil
}

// removedTopicConfigs are the topic configs Kafka 4.0 removed, with what to
// do instead: the keys a topic copied from a 3.x cluster is likely to carry.
var removedTopicConfigs = map[string]string{
	"message.format.version":              "Kafka 4.0 removed it (every record is written in format v2). Remove the key.",
	"message.downconversion.enable":       "Kafka 4.0 removed it (brokers no longer down-convert records for old consumers). Remove the key.",
	"message.timestamp.difference.max.ms": "Kafka 4.0 removed it. Use message.timestamp.before.max.ms and message.timestamp.after.max.ms instead.",
}

var unknownTopicConfig = regexp.MustCompile(`Unknown topic config name: (\S+)`)

// UnknownTopicConfig is the key of a topic config the broker refused because
// its release has no such config.
func UnknownTopicConfig(err error) (string, bool) {
	var de *detailedError
	if !errors.As(err, &de) || (de.code != kerr.InvalidConfig && de.code != kerr.InvalidRequest) {
		return "", false
	}
	m := unknownTopicConfig.FindStringSubmatch(de.detail)
	if m == nil {
		return "", false
	}
	return strings.TrimRight(m[1], ".,;"), true
}

// UnknownTopicConfigFix says what to do about a topic config key that a
// cluster of version v does not know.
func UnknownTopicConfigFix(cluster, key string, v Version) string {
	s := fmt.Sprintf("Cluster %q runs %s, which has no topic config %q.", cluster, v, key)
	if fix, ok := removedTopicConfigs[key]; ok {
		return s + " " + fix
	}
	return s + " Remove the key, or check its spelling against the topic configuration reference of that release."
}
