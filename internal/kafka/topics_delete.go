package kafka

import (
	"context"
	"errors"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// DeleteTopic deletes a topic and waits until the cluster no longer lists it.
func (c *Cluster) DeleteTopic(ctx context.Context, name string) error {
	c.topics.markStale(name)
	err := send(ctx, c.deletes, name, struct{}{})
	if err != nil && !errors.Is(err, kerr.UnknownTopicOrPartition) {
		return err
	}
	_, err = c.waitTopic(ctx, name, func(t *Topic) bool { return t == nil })
	return err
}

func (c *Cluster) deleteTopics(ctx context.Context, names map[string]struct{}) (map[string]error, error) {
	req := kmsg.NewPtrDeleteTopicsRequest()
	req.TimeoutMillis = int32(c.cfg.serverTimeout() / time.Millisecond)
	for n := range names {
		req.TopicNames = append(req.TopicNames, n)
		rt := kmsg.NewDeleteTopicsRequestTopic()
		rt.Topic = kmsg.StringPtr(n)
		req.Topics = append(req.Topics, rt)
	}
	resp, err := req.RequestWith(ctx, c.cl)
	if err != nil {
		return nil, err
	}
	out := make(map[string]error, len(names))
	for _, t := range resp.Topics {
		if t.Topic != nil {
			out[*t.Topic] = codeErr(t.ErrorCode, t.ErrorMessage)
		}
	}
	return out, nil
}
