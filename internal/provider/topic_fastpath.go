package provider

// Most of the per-resource cost of a plan is the framework's: it decodes,
// walks and re-encodes every attribute of a resource several times per call.
// geokafka_topic is by far the most numerous resource of an estate, and in
// most plans most topics are untouched, so the two calls a plan makes for an
// untouched topic are answered here, at the protocol level: a refresh that
// finds the topic exactly as in state, and a plan that keeps the state. Any
// other case (drift, a change, an import, an offline cluster, replica
// placement, custom timeouts, a residency refusal, an error) goes to the
// framework, so this path only ever gives the answer the framework would.

import (
	"bytes"
	"context"
	"math/big"
	"os"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/geokafka/terraform-provider-geokafka/internal/kafka"
)

const topicTypeName = "geokafka_topic"

// NewServer returns the constructor of the provider's protocol server, as the
// plugin server wants it.
func NewServer(version string) func() tfprotov6.ProviderServer {
	return serverOf(newProvider(version, os.Getenv, nil))
}

// serverOf puts the topic fast path in front of the framework's server.
func serverOf(newProvider func() provider.Provider) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		p := newProvider().(*geokafkaProvider)
		return &fastServer{ProviderServer: providerserver.NewProtocol6(p)(), p: p}
	}
}

type fastServer struct {
	tfprotov6.ProviderServer
	p *geokafkaProvider
}

func (s *fastServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	if req.TypeName == topicTypeName && s.topicUnchangedOnCluster(ctx, req) {
		return &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private}, nil
	}
	return s.ProviderServer.ReadResource(ctx, req)
}

func (s *fastServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	if req.TypeName == topicTypeName && s.topicPlanKeepsState(req) {
		return &tfprotov6.PlanResourceChangeResponse{PlannedState: req.ProposedNewState, PlannedPrivate: req.PriorPrivate}, nil
	}
	return s.ProviderServer.PlanResourceChange(ctx, req)
}

// topicUnchangedOnCluster reports whether refreshing the topic in state would
// give back the same state: same id, partitions, uniform replication factor,
// and every declared config key at its declared value on the cluster.
func (s *fastServer) topicUnchangedOnCluster(ctx context.Context, req *tfprotov6.ReadResourceRequest) bool {
	data := s.p.data.Load()
	if data == nil || data.clusters.AnyOffline() {
		return false
	}
	st, ok := decodeTopicState(req.CurrentState)
	if !ok || !st.plain {
		return false
	}
	cl, err := data.clusters.Cluster(st.cluster)
	if err != nil {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, defaultReadTimeout)
	defer cancel()
	t, err := cl.Topic(ctx, st.name)
	return err == nil && t != nil && st.matches(t)
}

// topicPlanKeepsState reports whether the plan of a topic keeps its state as
// it is: terraform proposes the prior state, no default replaces a value the
// configuration dropped, the configuration resolves to the same cluster, and
// residency allows the topic there.
func (s *fastServer) topicPlanKeepsState(req *tfprotov6.PlanResourceChangeRequest) bool {
	data := s.p.data.Load()
	if data == nil || req.PriorState == nil || req.ProposedNewState == nil || len(req.PriorState.MsgPack) == 0 ||
		!bytes.Equal(req.PriorState.MsgPack, req.ProposedNewState.MsgPack) {
		return false
	}
	prior, ok := decodeTopicState(req.PriorState)
	if !ok {
		return false
	}
	config, ok := decodeTopicState(req.Config)
	if !ok || prior.forceDestroy == nil || (config.forceDestroy == nil && *prior.forceDestroy) {
		return false // the default, false, replaces a force_destroy the configuration dropped
	}
	if k, err := data.clusters.Resolve(config.cluster); err != nil || k != prior.cluster {
		return false
	}
	_, refused := data.topicNotAllowed(prior.name, prior.cluster)
	return !refused
}

// topicState is what the fast path reads of a geokafka_topic value. Strings
// and numbers that are null read as "" and 0; forceDestroy is nil when null.
type topicState struct {
	id, cluster, name, topicID string
	partitions, rf             int64
	config                     map[string]string // nil when null
	forceDestroy               *bool
	// plain is true when the value has what a refresh fills (partitions,
	// topic id, force_destroy) and none of what needs more than the
	// topic's metadata and config (replica placement, timeouts).
	plain bool
}

// decodeTopicState decodes a topic value; ok is false when it cannot be
// decoded or holds unknown values.
func decodeTopicState(dv *tfprotov6.DynamicValue) (st topicState, ok bool) {
	if dv == nil {
		return st, false
	}
	v, err := dv.Unmarshal(topicObjectType())
	if err != nil || v.IsNull() || !v.IsFullyKnown() {
		return st, false
	}
	var obj map[string]tftypes.Value
	if v.As(&obj) != nil {
		return st, false
	}
	str := func(name string) string {
		var s string
		_ = obj[name].As(&s) // null reads as ""
		return s
	}
	num := func(name string) int64 {
		var f big.Float
		if obj[name].IsNull() || obj[name].As(&f) != nil {
			return 0
		}
		n, _ := f.Int64()
		return n
	}
	st.id, st.cluster, st.name, st.topicID = str("id"), str("cluster"), str("name"), str("topic_id")
	st.partitions, st.rf = num("partitions"), num("replication_factor")
	if fd := obj["force_destroy"]; !fd.IsNull() {
		var b bool
		if fd.As(&b) != nil {
			return st, false
		}
		st.forceDestroy = &b
	}
	if c := obj["config"]; !c.IsNull() {
		var elems map[string]tftypes.Value
		if c.As(&elems) != nil {
			return st, false
		}
		st.config = make(map[string]string, len(elems))
		for k, e := range elems {
			var s string
			if e.IsNull() || e.As(&s) != nil {
				return st, false
			}
			st.config[k] = s
		}
	}
	var placements []tftypes.Value
	_ = obj["replica_placement"].As(&placements)
	st.plain = st.partitions > 0 && st.topicID != "" && st.forceDestroy != nil &&
		len(placements) == 0 && obj["timeouts"].IsNull()
	return st, true
}

// matches reports whether a refresh of the state from t would change nothing
// (refreshTopic and readConfig are the full version of this).
func (st topicState) matches(t *kafka.Topic) bool {
	rf, uniform := t.UniformReplicationFactor()
	if st.id != st.cluster+"/"+st.name || t.ID != st.topicID || int64(len(t.Partitions)) != st.partitions ||
		!uniform || int64(rf) != st.rf {
		return false
	}
	for k, v := range st.config {
		e, ok := t.Config[k]
		if !ok || (!e.Sensitive && e.Value != v) {
			return false
		}
	}
	return true
}

var topicObjectType = sync.OnceValue(func() tftypes.Type {
	var resp resource.SchemaResponse
	(&topicResource{}).Schema(context.Background(), resource.SchemaRequest{}, &resp)
	return resp.Schema.Type().TerraformType(context.Background())
})
