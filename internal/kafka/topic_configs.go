package kafka

import (
	"context"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kmsg"
)

type configResult struct {
	config map[string]ConfigEntry
	err    error
}

func (c *Cluster) fetchConfigs(ctx context.Context, names map[string]struct{}) (map[string]configResult, error) {
	list := make([]string, 0, len(names))
	for n := range names {
		list = append(list, n)
	}
	return c.requestConfigs(ctx, list)
}

// requestConfigs sends one DescribeConfigs request for many topics.
func (c *Cluster) requestConfigs(ctx context.Context, names []string) (map[string]configResult, error) {
	out := make(map[string]configResult, len(names))
	if len(names) == 0 {
		return out, nil
	}
	req := kmsg.NewPtrDescribeConfigsRequest()
	for _, n := range names {
		r := kmsg.NewDescribeConfigsRequestResource()
		r.ResourceType = kmsg.ConfigResourceTypeTopic
		r.ResourceName = n
		req.Resources = append(req.Resources, r)
	}
	resp, err := req.RequestWith(ctx, c.cl)
	if err != nil {
		return nil, err
	}
	for _, r := range resp.Resources {
		if err := codeErr(r.ErrorCode, r.ErrorMessage); err != nil {
			out[r.ResourceName] = configResult{err: err}
			continue
		}
		cfg := make(map[string]ConfigEntry, len(r.Configs))
		for _, e := range r.Configs {
			ce := ConfigEntry{Source: e.Source, Sensitive: e.IsSensitive, ReadOnly: e.ReadOnly, Type: e.ConfigType}
			if e.Value != nil {
				ce.Value = *e.Value
			}
			cfg[e.Name] = ce
		}
		out[r.ResourceName] = configResult{config: cfg}
	}
	return out, nil
}

// AlterTopicConfig applies incremental changes (never a full replace, so
// keys the provider does not manage are left alone). With validateOnly the
// broker checks the changes without applying them.
func (c *Cluster) AlterTopicConfig(ctx context.Context, name string, changes []ConfigChange, validateOnly bool) error {
	if len(changes) == 0 {
		return nil
	}
	ops := alterOps(changes)
	if !validateOnly {
		c.topics.markStale(name)
	}
	alter := c.adm.AlterTopicConfigs
	if validateOnly {
		alter = c.adm.ValidateAlterTopicConfigs
	}
	return retryAlter(ctx, func(ctx context.Context) ([]kadm.AlterConfigsResponse, error) { return alter(ctx, ops, name) }, configRefusal)
}

// configRefusal is why the brokers refused the config change of one resource,
// or nil.
func configRefusal(r kadm.AlterConfigsResponse) error {
	return withDetail(r.Err, r.ErrMessage)
}

// alterOps turns changes into incremental alter operations, for topics and
// brokers alike.
func alterOps(changes []ConfigChange) []kadm.AlterConfig {
	ops := make([]kadm.AlterConfig, 0, len(changes))
	for _, ch := range changes {
		if ch.Delete {
			ops = append(ops, kadm.AlterConfig{Op: kadm.DeleteConfig, Name: ch.Key})
		} else {
			v := ch.Value
			ops = append(ops, kadm.AlterConfig{Op: kadm.SetConfig, Name: ch.Key, Value: &v})
		}
	}
	return ops
}
