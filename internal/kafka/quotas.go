package kafka

import (
	"context"

	"github.com/twmb/franz-go/pkg/kadm"

	"github.com/geokafka/terraform-provider-geokafka/internal/quota"
)

// Quota returns the quota values of an entity (nil when it has none). All
// quotas of the cluster are read with one request per Terraform run.
func (c *Cluster) Quota(ctx context.Context, e quota.Entity) (map[string]float64, error) {
	all, err := c.quotas.get(ctx)
	if err != nil {
		return nil, err
	}
	return all[e.ID()], nil
}

func (c *Cluster) describeAllQuotas(ctx context.Context) (map[string]map[string]float64, error) {
	ds, err := c.adm.DescribeClientQuotas(ctx, false, nil)
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]float64{}
	for _, d := range ds {
		e := quota.Entity{}
		for _, comp := range d.Entity {
			name := quota.Default
			if comp.Name != nil {
				name = *comp.Name
			}
			e[comp.Type] = name
		}
		vals := map[string]float64{}
		for _, v := range d.Values {
			vals[v.Key] = v.Value
		}
		out[e.ID()] = vals
	}
	return out, nil
}

// AlterQuota sets and removes quota values of an entity. With validateOnly
// the cluster checks the change without applying it.
func (c *Cluster) AlterQuota(ctx context.Context, e quota.Entity, set map[string]float64, remove []string, validateOnly bool) error {
	if len(set) == 0 && len(remove) == 0 {
		return nil
	}
	entry := kadm.AlterClientQuotaEntry{}
	for _, t := range []string{quota.User, quota.ClientID, quota.IP} {
		name, ok := e[t]
		if !ok {
			continue
		}
		comp := kadm.ClientQuotaEntityComponent{Type: t}
		if name != quota.Default {
			n := name
			comp.Name = &n
		}
		entry.Entity = append(entry.Entity, comp)
	}
	for k, v := range set {
		entry.Ops = append(entry.Ops, kadm.AlterClientQuotaOp{Key: k, Value: v})
	}
	for _, k := range remove {
		entry.Ops = append(entry.Ops, kadm.AlterClientQuotaOp{Key: k, Remove: true})
	}
	alter := c.adm.AlterClientQuotas
	if validateOnly {
		alter = c.adm.ValidateAlterClientQuotas
	} else {
		defer c.quotas.invalidate()
	}
	send := func(ctx context.Context) ([]kadm.AlteredClientQuota, error) {
		return alter(ctx, []kadm.AlterClientQuotaEntry{entry})
	}
	return retryAlter(ctx, send, func(r kadm.AlteredClientQuota) error { return withDetail(r.Err, r.ErrMessage) })
}
