package replication

import (
	"sort"
	"strings"
	"time"
)

// Selection is what a running source connector copies, read back from its
// configuration.
type Selection struct {
	Topics, Exclude []string
	Identity        bool
	Alias           string
	Separator       string
}

// internalTopic reports names MirrorMaker never copies: Kafka's and Connect's
// internal topics and its own bookkeeping topics.
func internalTopic(t string) bool {
	return strings.HasPrefix(t, "__") || strings.HasPrefix(t, "mm2-") || strings.HasPrefix(t, "connect-") ||
		strings.HasSuffix(t, ".internal") || strings.HasSuffix(t, "-internal") || strings.HasSuffix(t, ".replica") ||
		t == "heartbeats" || strings.HasSuffix(t, ".heartbeats") || strings.HasSuffix(t, ".checkpoints.internal")
}

// Selection is what the link's source connector will copy.
func (l Link) Selection() Selection {
	return Selection{Topics: l.Topics, Exclude: l.allExcludes(), Identity: l.Naming == Identity, Alias: l.SourceAlias, Separator: l.Separator}
}

// SelectionFromConfig is what a source connector copies, read from its
// configuration cfg as MirrorMaker reads it: list items trimmed, exclusions
// as written, "." when no separator is set. LinkFromConfig(cfg).Selection()
// is the same for a configuration the provider wrote, not for one edited by
// hand: it keeps list items as written and rebuilds the exclusions.
func SelectionFromConfig(cfg map[string]string) Selection {
	s := Selection{
		Topics:    configList(cfg["topics"]),
		Exclude:   configList(cfg["topics.exclude"]),
		Identity:  namingOf(cfg) == Identity,
		Alias:     cfg["source.cluster.alias"],
		Separator: cfg["replication.policy.separator"],
	}
	if s.Separator == "" {
		s.Separator = "." // MirrorMaker's default
	}
	return s
}

// Replicated returns, sorted, the source topics the selection copies, each
// with its remote name.
func (s Selection) Replicated(sourceTopics []string) (topics, remotes []string) {
	inc, exc := fullMatch(s.Topics), fullMatch(s.Exclude)
	for _, t := range sourceTopics {
		if internalTopic(t) || !anyMatch(inc, t) || anyMatch(exc, t) {
			continue
		}
		topics = append(topics, t)
	}
	sort.Strings(topics)
	for _, t := range topics {
		if s.Identity {
			remotes = append(remotes, t)
		} else {
			remotes = append(remotes, RemoteTopicName(s.Alias, s.Separator, t))
		}
	}
	return topics, remotes
}

// Lag is the records of the source partitions not yet in the remote
// partitions: source end offset minus remote end offset, per partition, never
// below zero. It is exact when the remote topic was filled by the link from
// the earliest offset.
func Lag(source, remote map[int32]int64) int64 {
	var lag int64
	for _, d := range Lagging(source, remote) {
		lag += d
	}
	return lag
}

// Lagging returns the partitions whose copy lacks records, with how many.
func Lagging(source, remote map[int32]int64) map[int32]int64 {
	out := map[int32]int64{}
	for p, end := range source {
		if d := end - remote[p]; d > 0 {
			out[p] = d
		}
	}
	return out
}

// UncopiedFrom is, for each lagging partition, the timestamp (ms) from which
// the source's records are not on the target yet: just after the newest
// record the copy holds (MirrorMaker keeps record timestamps), or 0 when the
// copy holds none of that partition.
func UncopiedFrom(lagging map[int32]int64, newestCopied map[int32]time.Time) map[int32]int64 {
	out := make(map[int32]int64, len(lagging))
	for p := range lagging {
		if ts, ok := newestCopied[p]; ok {
			out[p] = ts.UnixMilli() + 1
		} else {
			out[p] = 0
		}
	}
	return out
}

// LagAge is how far back in time a copy is: the age at now of the oldest
// record it lacks, given the timestamp of the first uncopied record of each
// lagging partition. A lagging partition whose first uncopied record was
// not found (timestamps out of order) counts from the newest record copied.
func LagAge(now time.Time, lagging map[int32]int64, firstUncopied, newestCopied map[int32]time.Time) time.Duration {
	var age time.Duration
	for p := range lagging {
		ts, ok := firstUncopied[p]
		if !ok {
			if ts, ok = newestCopied[p]; !ok {
				continue
			}
		}
		age = max(age, now.Sub(ts))
	}
	return max(age, 0)
}
