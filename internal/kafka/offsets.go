package kafka

import (
	"context"
	"errors"
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
