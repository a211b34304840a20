package kafka

import (
	"context"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kmsg"
)

type configResult struct {
	config, inherited map[string]ConfigEntry // as in Topic
	err               error
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
	if len(names) == 0 {
		return map[string]configResult{}, nil
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
	return configResults(resp.Resources), nil
}

// configResults reads a DescribeConfigs response. Inherited values are the
// same for every topic of a cluster: one map holds them for all topics of
// the response.
func configResults(resources []kmsg.DescribeConfigsResponseResource) map[string]configResult {
	out := make(map[string]configResult, len(resources))
	inherited := map[string]ConfigEntry{}
	for _, r := range resources {
		if err := codeErr(r.ErrorCode, r.ErrorMessage); err != nil {
			out[r.ResourceName] = configResult{err: err}
			continue
		}
		own := map[string]ConfigEntry{}
		for _, e := range r.Configs {
			ce := ConfigEntry{Source: e.Source, Sensitive: e.IsSensitive, ReadOnly: e.ReadOnly, Type: e.ConfigType}
			if e.Value != nil {
				ce.Value = *e.Value
			}
			if !ce.IsOverride() {
				if prev, seen := inherited[e.Name]; !seen {
					inherited[e.Name] = ce
					continue
				} else if prev == ce {
					continue
				}
			}
			own[e.Name] = ce
		}
		out[r.ResourceName] = configResult{config: own, inherited: inherited}
	}
	return out
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
