package kafka

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"
)

type recordsResult struct {
	records int64
	err     error
}

// RecordCount returns how many records the topic holds: the sum over its
// partitions of end offset minus start offset.
func (c *Cluster) RecordCount(ctx context.Context, name string) (int64, error) {
	var n int64
	err := Retry(ctx, func(ctx context.Context) error {
		r, err := c.offsets.get(ctx, name, struct{}{})
		if err != nil {
			return err
		}
		n = r.records
		return r.err
	})
	return n, err
}

func (c *Cluster) countRecords(ctx context.Context, names map[string]struct{}) (map[string]recordsResult, error) {
	list := make([]string, 0, len(names))
	for n := range names {
		list = append(list, n)
	}
	starts, err := c.adm.ListStartOffsets(ctx, list...)
	if err != nil {
		return nil, err
	}
	ends, err := c.adm.ListEndOffsets(ctx, list...)
	if err != nil {
		return nil, err
	}
	out := make(map[string]recordsResult, len(list))
	for _, n := range list {
		var r recordsResult
		for p, end := range ends[n] {
			start := starts[n][p]
			if end.Err != nil || start.Err != nil {
				r.err = errors.Join(end.Err, start.Err)
				break
			}
			if end.Offset > start.Offset {
				r.records += end.Offset - start.Offset
			}
		}
		out[n] = r
	}
	return out, nil
}

// EndOffsets returns the end offset of every partition of the topics that
// exist, by topic and partition.
func (c *Cluster) EndOffsets(ctx context.Context, topics ...string) (map[string]map[int32]int64, error) {
	out := map[string]map[int32]int64{}
	if len(topics) == 0 {
		return out, nil
	}
	err := Retry(ctx, func(ctx context.Context) error {
		ends, err := c.adm.ListEndOffsets(ctx, topics...)
		if err != nil {
			return err
		}
		for t, ps := range ends {
			for p, o := range ps {
				if o.Err != nil {
					continue
				}
				if out[t] == nil {
					out[t] = map[int32]int64{}
				}
				out[t][p] = o.Offset
			}
		}
		return nil
	})
	return out, err
}

// Special timestamps of a ListOffsets request.
const (
	// MaxTimestamp asks for the record with the largest timestamp (Kafka 3.0+).
	MaxTimestamp int64 = -3
)

// OffsetAt is an offset and the timestamp of the record at it.
type OffsetAt struct {
	Offset    int64
	Timestamp time.Time
}

// OffsetsForTimes answers, in one ListOffsets round trip (franz-go sends one
// request per partition leader), for each partition the first record whose
// timestamp is at least the one asked for, or with MaxTimestamp the record
// with the largest timestamp. A partition without such a record is left out.
func (c *Cluster) OffsetsForTimes(ctx context.Context, query map[string]map[int32]int64) (map[string]map[int32]OffsetAt, error) {
	out := map[string]map[int32]OffsetAt{}
	if len(query) == 0 {
		return out, nil
	}
	req := kmsg.NewPtrListOffsetsRequest()
	req.ReplicaID = -1
	for t, ps := range query {
		rt := kmsg.NewListOffsetsRequestTopic()
		rt.Topic = t
		for p, ts := range ps {
			rp := kmsg.NewListOffsetsRequestTopicPartition()
			rp.Partition, rp.Timestamp, rp.CurrentLeaderEpoch = p, ts, -1
			rt.Partitions = append(rt.Partitions, rp)
		}
		req.Topics = append(req.Topics, rt)
	}
	err := Retry(ctx, func(ctx context.Context) error {
		resp, err := req.RequestWith(ctx, c.cl)
		if err != nil {
			return err
		}
		for _, t := range resp.Topics {
			for _, p := range t.Partitions {
				if err := kerr.ErrorForCode(p.ErrorCode); err != nil {
					return fmt.Errorf("offsets of %s[%d] by timestamp: %w", t.Topic, p.Partition, err)
				}
				if p.Offset < 0 {
					continue // no such record
				}
				if out[t.Topic] == nil {
					out[t.Topic] = map[int32]OffsetAt{}
				}
				out[t.Topic][p.Partition] = OffsetAt{Offset: p.Offset, Timestamp: time.UnixMilli(p.Timestamp)}
			}
		}
		return nil
	})
	return out, err
}
