package provider

// Most of the per-resource cost of a plan is the framework's: it decodes,
// walks and re-encodes every attribute of a resource several times per call.
// Topics and ACLs are by far the most numerous resources of an estate, and in
// most plans most of them are untouched, so the two calls a plan makes for
// an untouched one are answered here, at the protocol level: a refresh that
// finds it exactly as in state, and a plan that keeps the state (for
// geo-partitioned topics, the plan only). Any other
// case (drift, a change, an import, an offline cluster, a default the
// configuration dropped, a residency refusal, an error) goes to the
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
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/geokafka/terraform-provider-geokafka/internal/acl"
	"github.com/geokafka/terraform-provider-geokafka/internal/ids"
	"github.com/geokafka/terraform-provider-geokafka/internal/kafka"
)

// NewServer returns the constructor of the provider's protocol server, as the
// plugin server wants it.
func NewServer(version string) func() tfprotov6.ProviderServer {
	return serverOf(newProvider(version, os.Getenv))
}

// serverOf puts the fast paths in front of the framework's server.
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

// fastPath is what the fast path needs of one resource type.
type fastPath struct {
	typ tftypes.Type
	// defaults holds the attributes with a schema default: a plan whose
	// configuration leaves one null must have it at its default already.
	defaults map[string]tftypes.Value
	// unchanged reports whether a refresh of the state on cl would give the
	// state back as it is (nil: refreshes go to the framework).
	unchanged func(ctx context.Context, cl *kafka.Cluster, st map[string]tftypes.Value) bool
	// allowed reports whether the provider's rules allow the state as it is
	// (nil: always).
	allowed func(data *providerData, st map[string]tftypes.Value) bool
}

var fastPaths = sync.OnceValue(func() map[string]*fastPath {
	return map[string]*fastPath{
		"geokafka_topic":                 newFastPath(&topicResource{}, topicUnchanged, topicAllowed),
		"geokafka_acl":                   newFastPath(&aclResource{}, aclUnchanged, nil),
		"geokafka_geo_partitioned_topic": newFastPath(&geoTopicResource{}, nil, topicAllowed),
	}
})

func newFastPath(r resource.Resource, unchanged func(context.Context, *kafka.Cluster, map[string]tftypes.Value) bool,
	allowed func(*providerData, map[string]tftypes.Value) bool) *fastPath {
	ctx := context.Background()
	var resp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &resp)
	return &fastPath{typ: resp.Schema.Type().TerraformType(ctx), defaults: schemaDefaults(ctx, resp.Schema),
		unchanged: unchanged, allowed: allowed}
}

// schemaDefaults returns the default of every top-level attribute that has
// one. The resources with a fast path only use string and bool defaults.
func schemaDefaults(ctx context.Context, s schema.Schema) map[string]tftypes.Value {
	out := map[string]tftypes.Value{}
	for name, a := range s.Attributes {
		switch a := a.(type) {
		case schema.StringAttribute:
			if a.Default != nil {
				var resp defaults.StringResponse
				a.Default.DefaultString(ctx, defaults.StringRequest{}, &resp)
				out[name] = tftypes.NewValue(tftypes.String, resp.PlanValue.ValueString())
			}
		case schema.BoolAttribute:
			if a.Default != nil {
				var resp defaults.BoolResponse
				a.Default.DefaultBool(ctx, defaults.BoolRequest{}, &resp)
				out[name] = tftypes.NewValue(tftypes.Bool, resp.PlanValue.ValueBool())
			}
		}
	}
	return out
}

func (s *fastServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	if fp := fastPaths()[req.TypeName]; fp != nil && s.refreshUnchanged(ctx, fp, req) {
		return &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private}, nil
	}
	ctx, done := callContext(ctx)
	defer done()
	return s.ProviderServer.ReadResource(ctx, req)
}

func (s *fastServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	if fp := fastPaths()[req.TypeName]; fp != nil && s.planKeepsState(fp, req) {
		return &tfprotov6.PlanResourceChangeResponse{PlannedState: req.ProposedNewState, PlannedPrivate: req.PriorPrivate}, nil
	}
	ctx, done := callContext(ctx)
	defer done()
	return s.ProviderServer.PlanResourceChange(ctx, req)
}

// The other calls made once per resource go to the framework with a
// context of their own too (callContext).

func (s *fastServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	ctx, done := callContext(ctx)
	defer done()
	return s.ProviderServer.ValidateResourceConfig(ctx, req)
}

func (s *fastServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	ctx, done := callContext(ctx)
	defer done()
	return s.ProviderServer.UpgradeResourceState(ctx, req)
}

func (s *fastServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	ctx, done := callContext(ctx)
	defer done()
	return s.ProviderServer.ApplyResourceChange(ctx, req)
}

func (s *fastServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	ctx, done := callContext(ctx)
	defer done()
	return s.ProviderServer.ImportResourceState(ctx, req)
}

func (s *fastServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	ctx, done := callContext(ctx)
	defer done()
	return s.ProviderServer.ValidateDataResourceConfig(ctx, req)
}

func (s *fastServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	ctx, done := callContext(ctx)
	defer done()
	return s.ProviderServer.ReadDataSource(ctx, req)
}

// refreshUnchanged reports whether refreshing the resource in state would
// give back the same state.
func (s *fastServer) refreshUnchanged(ctx context.Context, fp *fastPath, req *tfprotov6.ReadResourceRequest) bool {
	data := s.p.data.Load()
	if fp.unchanged == nil || data == nil || data.clusters.AnyOffline() {
		return false
	}
	st, ok := decodeObject(req.CurrentState, fp.typ)
	if !ok || st["cluster"].IsNull() { // a null cluster: moved in, found by the framework's Read
		return false
	}
	cl, err := data.clusters.Cluster(str(st["cluster"]))
	if err != nil {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, defaultReadTimeout)
	defer cancel()
	return fp.unchanged(ctx, cl, st)
}

// planKeepsState reports whether the plan keeps the state as it is:
// terraform proposes the prior state, no default replaces a value the
// configuration dropped, the configuration resolves to the same cluster (a
// provider that gained clusters may resolve an omitted one differently), and
// the provider's rules allow it.
func (s *fastServer) planKeepsState(fp *fastPath, req *tfprotov6.PlanResourceChangeRequest) bool {
	data := s.p.data.Load()
	if data == nil || req.PriorState == nil || req.ProposedNewState == nil || len(req.PriorState.MsgPack) == 0 ||
		!bytes.Equal(req.PriorState.MsgPack, req.ProposedNewState.MsgPack) {
		return false
	}
	prior, ok := decodeObject(req.PriorState, fp.typ)
	if !ok {
		return false
	}
	config, ok := decodeObject(req.Config, fp.typ)
	if !ok {
		return false
	}
	for name, def := range fp.defaults {
		if config[name].IsNull() && !prior[name].Equal(def) {
			return false
		}
	}
	if k, err := data.clusters.Resolve(str(config["cluster"])); err != nil || k != str(prior["cluster"]) {
		return false
	}
	return fp.allowed == nil || fp.allowed(data, prior)
}

// decodeObject decodes a resource value into its attributes; ok is false
// when it cannot be decoded, is null or holds unknown values.
func decodeObject(dv *tfprotov6.DynamicValue, typ tftypes.Type) (map[string]tftypes.Value, bool) {
	if dv == nil {
		return nil, false
	}
	v, err := dv.Unmarshal(typ)
	if err != nil || v.IsNull() || !v.IsFullyKnown() {
		return nil, false
	}
	var obj map[string]tftypes.Value
	if v.As(&obj) != nil {
		return nil, false
	}
	return obj, true
}

// str reads a string value; null reads as "".
func str(v tftypes.Value) string {
	var s string
	_ = v.As(&s)
	return s
}

// num reads a whole number; null reads as 0.
func num(v tftypes.Value) int64 {
	var f big.Float
	if v.IsNull() || v.As(&f) != nil {
		return 0
	}
	n, _ := f.Int64()
	return n
}

// topicUnchanged: the topic exists with the topic id, partitions and uniform
// replication factor of the state, and every declared config key at its
// declared value (refreshTopic and readConfig are the full version). State
// from an import, replica placement and custom timeouts take the full path.
func topicUnchanged(ctx context.Context, cl *kafka.Cluster, st map[string]tftypes.Value) bool {
	var placements []tftypes.Value
	_ = st["replica_placement"].As(&placements)
	name, partitions := str(st["name"]), num(st["partitions"])
	cl.Manage(name)
	if partitions == 0 || str(st["topic_id"]) == "" || st["force_destroy"].IsNull() || len(placements) > 0 ||
		!st["timeouts"].IsNull() || str(st["id"]) != ids.Topic(cl.Key, name) {
		return false
	}
	var config map[string]tftypes.Value // null reads as empty
	if st["config"].As(&config) != nil {
		return false
	}
	t, err := cl.Topic(ctx, name)
	if err != nil || t == nil {
		return false // the full path reports the error, or removes the topic
	}
	rf, uniform := t.UniformReplicationFactor()
	if t.ID != str(st["topic_id"]) || int64(len(t.Partitions)) != partitions || !uniform || int64(rf) != num(st["replication_factor"]) {
		return false
	}
	for k, v := range config {
		e, ok := t.Entry(k)
		if !ok || (!e.Sensitive && e.Value != str(v)) {
			return false
		}
	}
	return true
}

// topicAllowed: residency rules may have changed since the topic was made.
func topicAllowed(data *providerData, st map[string]tftypes.Value) bool {
	_, refused := data.topicNotAllowed(str(st["name"]), str(st["cluster"]))
	return !refused
}

// aclUnchanged: the binding exists and the id in state is its canonical id.
func aclUnchanged(ctx context.Context, cl *kafka.Cluster, st map[string]tftypes.Value) bool {
	m := aclModel{}
	for attr, field := range map[string]*types.String{
		"principal": &m.Principal, "host": &m.Host, "operation": &m.Operation, "permission": &m.Permission,
		"resource_type": &m.ResourceType, "resource_name": &m.ResourceName, "pattern_type": &m.PatternType,
	} {
		*field = types.StringValue(str(st[attr]))
	}
	b, ok := m.binding()
	if !ok || str(st["id"]) != acl.ID(cl.Key, b) {
		return false
	}
	exists, err := cl.HasACL(ctx, b)
	return err == nil && exists
}
