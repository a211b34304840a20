package kafka

import (
	"context"
	"errors"
	"fmt"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
)

// SCRAMMechanisms are the SCRAM mechanisms Kafka stores credentials for.
var SCRAMMechanisms = []string{"SCRAM-SHA-256", "SCRAM-SHA-512"}

func scramMechanism(name string) (kadm.ScramMechanism, error) {
	switch name {
	case "SCRAM-SHA-256":
		return kadm.ScramSha256, nil
	case "SCRAM-SHA-512":
		return kadm.ScramSha512, nil
	}
	return 0, fmt.Errorf("unknown SCRAM mechanism %q", name)
}

// SCRAMIterations returns the iterations of a user's credential for a
// mechanism; ok is false when the user has none. All users of the cluster are
// read with one request per Terraform run.
func (c *Cluster) SCRAMIterations(ctx context.Context, user, mechanism string) (iterations int32, ok bool, err error) {
	all, err := c.scrams.get(ctx)
	if err != nil {
		return 0, false, err
	}
	iterations, ok = all[user][mechanism]
	return iterations, ok, nil
}

func (c *Cluster) describeAllSCRAMs(ctx context.Context) (map[string]map[string]int32, error) {
	ds, err := c.adm.DescribeUserSCRAMs(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]int32{}
	for user, d := range ds {
		if d.Err != nil {
			if errors.Is(d.Err, kerr.ResourceNotFound) {
				continue
			}
			return nil, fmt.Errorf("describe SCRAM credentials of %q: %w", user, d.Err)
		}
		out[user] = map[string]int32{}
		for _, ci := range d.CredInfos {
			out[user][ci.Mechanism.String()] = ci.Iterations
		}
	}
	return out, nil
}

// UpsertSCRAM sets a user's password for a mechanism (a fresh random salt
// each time).
func (c *Cluster) UpsertSCRAM(ctx context.Context, user, mechanism string, iterations int32, password string) error {
	m, err := scramMechanism(mechanism)
	if err != nil {
		return err
	}
	defer c.scrams.invalidate()
	return c.alterSCRAM(ctx, user, nil, []kadm.UpsertSCRAM{{User: user, Mechanism: m, Iterations: iterations, Password: password}})
}

// DeleteSCRAM removes a user's credential for a mechanism; one already gone
// is not an error.
func (c *Cluster) DeleteSCRAM(ctx context.Context, user, mechanism string) error {
	m, err := scramMechanism(mechanism)
	if err != nil {
		return err
	}
	defer c.scrams.invalidate()
	err = c.alterSCRAM(ctx, user, []kadm.DeleteSCRAM{{User: user, Mechanism: m}}, nil)
	if errors.Is(err, kerr.ResourceNotFound) {
		return nil
	}
	return err
}

func (c *Cluster) alterSCRAM(ctx context.Context, user string, del []kadm.DeleteSCRAM, upsert []kadm.UpsertSCRAM) error {
	return Retry(ctx, func(ctx context.Context) error {
		rs, err := c.adm.AlterUserSCRAMs(ctx, del, upsert)
		if err != nil {
			return err
		}
		r, ok := rs[user]
		if !ok || r.Err == nil {
			return nil
		}
		return withDetail(r.Err, r.ErrMessage)
	})
}
