package provider

// Moving resources of the community Kafka provider (mongey/kafka) into
// geokafka with `moved` blocks (Terraform 1.8 and later). That provider
// manages one cluster per provider configuration, so its state names no
// cluster: the move leaves `cluster` null, and the first refresh finds it
// (movedCluster). Nothing is read from or written to Kafka by the move.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/geokafka/terraform-provider-geokafka/internal/community"
	"github.com/geokafka/terraform-provider-geokafka/internal/kafka"
	"github.com/geokafka/terraform-provider-geokafka/internal/quota"
)

// movedFrom is the StateMover that takes the community provider's resource
// type typ: fill sets the target state's attributes from the source's JSON.
func movedFrom(typ string, fill func(ctx context.Context, raw []byte, st *tfsdk.State) error) resource.StateMover {
	return resource.StateMover{StateMover: func(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
		if !community.IsProvider(req.SourceProviderAddress) || req.SourceTypeName != typ {
			return // not ours: the framework reports that no mover took it
		}
		if req.SourceRawState == nil || len(req.SourceRawState.JSON) == 0 {
			resp.Diagnostics.AddError("Resource Not Moved", fmt.Sprintf("The %s state to move is empty.", typ))
			return
		}
		if err := fill(ctx, req.SourceRawState.JSON, &resp.TargetState); err != nil {
			resp.Diagnostics.AddError("Resource Not Moved",
				fmt.Sprintf("%s. Move this resource with a removed block and an import block instead (see the migration guide).", err))
		}
	}}
}

// setAttributes sets each attribute of st, stopping at the first error.
func setAttributes(ctx context.Context, st *tfsdk.State, values map[string]any) error {
	for k, v := range values {
		if d := st.SetAttribute(ctx, path.Root(k), v); d.HasError() {
			return fmt.Errorf("setting %s: %s", k, diagText(d))
		}
	}
	return nil
}

func diagText(d diag.Diagnostics) string {
	var parts []string
	for _, e := range d.Errors() {
		parts = append(parts, e.Summary()+": "+e.Detail())
	}
	return strings.Join(parts, "; ")
}

// movedCluster gives a resource moved from the community provider, whose
// state has no cluster, the cluster it lives on: the provider's only
// cluster, or else the one cluster that holds it (asked with holds). It
// records the key in req.State for the rest of the Read and reports whether
// the Read goes on: not when the object is on no cluster (it is removed from
// state, as any object that is gone) or on several (an error names them).
func movedCluster(ctx context.Context, data *providerData, req *resource.ReadRequest, resp *resource.ReadResponse,
	holds func(context.Context, *kafka.Cluster) (bool, error), what func() string) bool {
	var key types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("cluster"), &key)...)
	if resp.Diagnostics.HasError() {
		return false
	}
	if !key.IsNull() || data == nil {
		return true
	}
	k, err := data.clusters.Resolve("")
	if errors.Is(err, kafka.ErrNotKnownYet) && k != "" {
		err = nil // the only cluster, whatever its settings turn out to be
	}
	if err != nil { // several clusters: ask each online one
		ctx, cancel := context.WithTimeout(ctx, defaultReadTimeout)
		defer cancel()
		var holders, later []string
		for _, c := range data.clusters.Keys() {
			cl, err := data.clusters.Cluster(c)
			if errors.Is(err, kafka.ErrNotKnownYet) {
				later = append(later, c)
				continue
			}
			if err != nil {
				continue // offline: it cannot be asked
			}
			ok, err := holds(ctx, cl)
			if err != nil {
				resp.Diagnostics.AddError("Moved Resource Not Read",
					fmt.Sprintf("Looking for %s on cluster %q, to learn which cluster the resource moved from the community provider is on: %s", what(), c, err))
				return false
			}
			if ok {
				holders = append(holders, c)
			}
		}
		switch {
		case len(holders) == 0 && (len(later) > 0 || errors.Is(err, kafka.ErrNotKnownYet)):
			// Not found yet is not gone: it may be on a cluster not known.
			unknown := "the provider's clusters are"
			if len(later) > 0 {
				unknown = "the settings of " + strings.Join(later, ", ") + " are"
			}
			resp.Diagnostics.AddError("Moved Resource Not Read",
				fmt.Sprintf("Looking for %s, to learn which cluster the resource moved from the community provider is on: %s not known until apply. "+
					"Apply the moved block in a run whose provider block is known at plan.", what(), unknown))
			return false
		case len(holders) == 0:
			resp.State.RemoveResource(ctx)
			return false
		case len(holders) == 1:
			k = holders[0]
		default:
			resp.Diagnostics.AddError("Moved Resource On Several Clusters",
				fmt.Sprintf("%s is on clusters %s, and the community provider's state does not say which one this resource manages. "+
					"Instead of the moved block, use a removed block (lifecycle { destroy = false }) for the community resource and an import block "+
					"whose id names the cluster for this one (see the migration guide).", what(), strings.Join(holders, ", ")))
			return false
		}
	}
	resp.Diagnostics.Append(req.State.SetAttribute(ctx, path.Root("cluster"), k)...)
	return !resp.Diagnostics.HasError()
}

var (
	_ resource.ResourceWithMoveState = (*topicResource)(nil)
	_ resource.ResourceWithMoveState = (*aclResource)(nil)
	_ resource.ResourceWithMoveState = (*quotaResource)(nil)
	_ resource.ResourceWithMoveState = (*scramResource)(nil)
)

// MoveState takes a kafka_topic. topic_id and the cluster come with the
// first refresh.
func (r *topicResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{movedFrom("kafka_topic", func(ctx context.Context, raw []byte, st *tfsdk.State) error {
		t, err := community.ParseTopic(raw)
		if err != nil {
			return err
		}
		config := types.MapNull(types.StringType)
		if len(t.Config) > 0 {
			var d diag.Diagnostics
			if config, d = types.MapValueFrom(ctx, types.StringType, t.Config); d.HasError() {
				return fmt.Errorf("config: %s", diagText(d))
			}
		}
		return setAttributes(ctx, st, map[string]any{
			"name": t.Name, "partitions": t.Partitions, "replication_factor": t.ReplicationFactor,
			"config": config, "force_destroy": false,
		})
	})}
}

// MoveState takes a kafka_acl, its spellings made canonical.
func (r *aclResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{movedFrom("kafka_acl", func(ctx context.Context, raw []byte, st *tfsdk.State) error {
		b, err := community.ParseACL(raw)
		if err != nil {
			return err
		}
		return setAttributes(ctx, st, map[string]any{
			"principal": b.Principal, "host": b.Host, "operation": b.Operation, "permission": b.Permission,
			"resource_type": b.ResourceType, "resource_name": b.ResourceName, "pattern_type": b.PatternType,
		})
	})}
}

// MoveState takes a kafka_quota.
func (r *quotaResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{movedFrom("kafka_quota", func(ctx context.Context, raw []byte, st *tfsdk.State) error {
		e, values, err := community.ParseQuota(raw)
		if err != nil {
			return err
		}
		entity := quotaEntityModel{User: optString(e, quota.User), ClientID: optString(e, quota.ClientID), IP: optString(e, quota.IP)}
		config, d := types.MapValueFrom(ctx, types.Float64Type, values)
		if d.HasError() {
			return fmt.Errorf("config: %s", diagText(d))
		}
		return setAttributes(ctx, st, map[string]any{"entity": &entity, "config": config})
	})}
}

func optString(e quota.Entity, typ string) types.String {
	if n, ok := e[typ]; ok {
		return types.StringValue(n)
	}
	return types.StringNull()
}

// MoveState takes a kafka_user_scram_credential. A password the source kept
// write-only is not in its state: the plan then sets the configured one.
func (r *scramResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{movedFrom("kafka_user_scram_credential", func(ctx context.Context, raw []byte, st *tfsdk.State) error {
		s, err := community.ParseSCRAM(raw)
		if err != nil {
			return err
		}
		password := types.StringNull()
		if s.Password != "" {
			password = types.StringValue(s.Password)
		}
		return setAttributes(ctx, st, map[string]any{
			"username": s.Username, "mechanism": s.Mechanism, "iterations": s.Iterations, "password": password,
		})
	})}
}

// stateString reads one string attribute of a state ("" when null).
func stateString(ctx context.Context, st tfsdk.State, attr string) string {
	var v types.String
	_ = st.GetAttribute(ctx, path.Root(attr), &v)
	return v.ValueString()
}
