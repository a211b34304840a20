package kafka

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// BrokerConfig returns the dynamic settings of one broker (broker != nil) or
// the cluster-wide defaults (broker == nil), by key: only values set at that
// level, not static or built-in ones.
func (c *Cluster) BrokerConfig(ctx context.Context, broker *int32) (map[string]string, error) {
	var ids []int32
	level := kmsg.ConfigSourceDynamicDefaultBrokerConfig
	if broker != nil {
		ids, level = []int32{*broker}, kmsg.ConfigSourceDynamicBrokerConfig
	}
	out := map[string]string{}
	err := Retry(ctx, func(ctx context.Context) error {
		rcs, err := c.adm.DescribeBrokerConfigs(ctx, ids...)
		if err != nil {
			return err
		}
		for _, rc := range rcs {
			if rc.Err != nil {
				return rc.Err
			}
			for _, e := range rc.Configs {
				if e.Source == level {
					out[e.Key] = e.MaybeValue()
				}
			}
		}
		return nil
	})
	return out, err
}

// AlterBrokerConfig applies incremental changes to one broker's dynamic
// settings or to the cluster-wide defaults. With validateOnly the brokers
// check the change (unknown keys, settings that are not dynamic at that
// level, bad values) without applying it.
func (c *Cluster) AlterBrokerConfig(ctx context.Context, broker *int32, changes []ConfigChange, validateOnly bool) error {
	if len(changes) == 0 {
		return nil
	}
	ops := alterOps(changes)
	var ids []int32
	if broker != nil {
		ids = []int32{*broker}
	}
	alter := c.adm.AlterBrokerConfigs
	if validateOnly {
		alter = c.adm.ValidateAlterBrokerConfigs
	}
	if err := retryAlter(ctx, func(ctx context.Context) ([]kadm.AlterConfigsResponse, error) { return alter(ctx, ops, ids...) }, configRefusal); err != nil || validateOnly {
		return err
	}
	c.awaitBrokerConfig(ctx, broker, changes)
	return nil
}

// brokerConfigSettle bounds the wait for an altered setting to show.
const brokerConfigSettle = 10 * time.Second

// awaitBrokerConfig waits, briefly, until the brokers report the changes: a
// ZooKeeper-mode broker applies a setting when its watch fires, after the
// answer to the change, so a read right after it (the next refresh, a check
// after destroy) could see the old value. Sensitive values read back empty
// and count as set; a value the broker spells differently ends the wait at
// the bound, not in an error.
func (c *Cluster) awaitBrokerConfig(ctx context.Context, broker *int32, changes []ConfigChange) {
	ctx, cancel := context.WithTimeout(ctx, brokerConfigSettle)
	defer cancel()
	for {
		current, err := c.BrokerConfig(ctx, broker)
		if err == nil && reflects(current, changes) {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// reflects reports whether current shows every change.
func reflects(current map[string]string, changes []ConfigChange) bool {
	for _, ch := range changes {
		v, ok := current[ch.Key]
		if ch.Delete == ok || !ch.Delete && v != ch.Value && v != "" {
			return false
		}
	}
	return true
}

// BrokerSettings returns every setting a broker of the cluster knows, with
// whether it can be changed dynamically (the broker reports the others as
// read-only). It is read once per Terraform run and cluster.
func (c *Cluster) BrokerSettings(ctx context.Context) (map[string]bool, error) {
	return c.brokerSettings.get(ctx)
}

func (c *Cluster) describeBrokerSettings(ctx context.Context) (map[string]bool, error) {
	info, err := c.Info(ctx)
	if err != nil {
		return nil, err
	}
	if len(info.Brokers) == 0 {
		return nil, errors.New("the cluster reports no brokers")
	}
	req := kmsg.NewPtrDescribeConfigsRequest()
	r := kmsg.NewDescribeConfigsRequestResource()
	r.ResourceType = kmsg.ConfigResourceTypeBroker
	r.ResourceName = strconv.Itoa(int(info.Brokers[0].ID))
	req.Resources = append(req.Resources, r)
	resp, err := req.RequestWith(ctx, c.cl)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, rr := range resp.Resources {
		if err := codeErr(rr.ErrorCode, rr.ErrorMessage); err != nil {
			return nil, err
		}
		for _, e := range rr.Configs {
			out[e.Name] = !e.ReadOnly
		}
	}
	return out, nil
}
