// Command communitykafka stands in for the community Kafka provider
// (mongey/kafka) in the tests of `moved` blocks from it: that provider cannot
// be installed here. It serves the four resource types geokafka takes over,
// with the community provider's schemas, and records what it is given
// without talking to Kafka: the tests create the Kafka objects themselves.
package main

import (
	"context"
	"log"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-go/tfprotov5/tf5server"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

type attr struct {
	name      string
	typ       tftypes.Type
	required  bool
	sensitive bool
	computed  bool
}

func block(attrs ...attr) *tfprotov5.Schema {
	b := &tfprotov5.SchemaBlock{}
	for _, a := range attrs {
		b.Attributes = append(b.Attributes, &tfprotov5.SchemaAttribute{
			Name: a.name, Type: a.typ, Required: a.required, Optional: !a.required && !a.computed,
			Computed: a.computed || defaults[a.name].Type() != nil, Sensitive: a.sensitive,
		})
	}
	return &tfprotov5.Schema{Block: b}
}

var (
	id       = attr{name: "id", typ: tftypes.String, computed: true}
	str      = func(n string) attr { return attr{name: n, typ: tftypes.String, required: true} }
	resource = map[string]*tfprotov5.Schema{
		"kafka_topic": block(id, str("name"), attr{name: "partitions", typ: tftypes.Number, required: true},
			attr{name: "replication_factor", typ: tftypes.Number, required: true},
			attr{name: "config", typ: tftypes.Map{ElementType: tftypes.String}}),
		"kafka_acl": block(id, str("resource_name"), str("resource_type"), attr{name: "resource_pattern_type_filter", typ: tftypes.String},
			str("acl_principal"), str("acl_host"), str("acl_operation"), str("acl_permission_type")),
		"kafka_quota": block(id, str("entity_name"), str("entity_type"), attr{name: "config", typ: tftypes.Map{ElementType: tftypes.Number}}),
		"kafka_user_scram_credential": block(id, str("username"), str("scram_mechanism"), attr{name: "scram_iterations", typ: tftypes.Number},
			attr{name: "password", typ: tftypes.String, sensitive: true}, attr{name: "password_wo_version", typ: tftypes.String}),
	}
	// idOf lists the attributes the community provider joins with "|" into
	// a resource's id.
	idOf = map[string][]string{
		"kafka_topic":                 {"name"},
		"kafka_acl":                   {"acl_principal", "acl_host", "acl_operation", "acl_permission_type", "resource_type", "resource_name", "resource_pattern_type_filter"},
		"kafka_quota":                 {"entity_name", "entity_type"},
		"kafka_user_scram_credential": {"username", "scram_mechanism"},
	}
	// defaults of the optional attributes the community provider fills in.
	defaults = map[string]tftypes.Value{
		"resource_pattern_type_filter": tftypes.NewValue(tftypes.String, "Literal"),
		"scram_iterations":             tftypes.NewValue(tftypes.Number, 4096),
	}
)

type server struct{ tfprotov5.ProviderServer }

func (server) GetMetadata(context.Context, *tfprotov5.GetMetadataRequest) (*tfprotov5.GetMetadataResponse, error) {
	resp := &tfprotov5.GetMetadataResponse{}
	for n := range resource {
		resp.Resources = append(resp.Resources, tfprotov5.ResourceMetadata{TypeName: n})
	}
	return resp, nil
}

func (server) GetProviderSchema(context.Context, *tfprotov5.GetProviderSchemaRequest) (*tfprotov5.GetProviderSchemaResponse, error) {
	return &tfprotov5.GetProviderSchemaResponse{
		Provider:        block(attr{name: "bootstrap_servers", typ: tftypes.List{ElementType: tftypes.String}}),
		ResourceSchemas: resource,
	}, nil
}

func (server) GetResourceIdentitySchemas(context.Context, *tfprotov5.GetResourceIdentitySchemasRequest) (*tfprotov5.GetResourceIdentitySchemasResponse, error) {
	return &tfprotov5.GetResourceIdentitySchemasResponse{}, nil
}

func (server) StopProvider(context.Context, *tfprotov5.StopProviderRequest) (*tfprotov5.StopProviderResponse, error) {
	return &tfprotov5.StopProviderResponse{}, nil
}

func (server) PrepareProviderConfig(_ context.Context, req *tfprotov5.PrepareProviderConfigRequest) (*tfprotov5.PrepareProviderConfigResponse, error) {
	return &tfprotov5.PrepareProviderConfigResponse{PreparedConfig: req.Config}, nil
}

func (server) ConfigureProvider(context.Context, *tfprotov5.ConfigureProviderRequest) (*tfprotov5.ConfigureProviderResponse, error) {
	return &tfprotov5.ConfigureProviderResponse{}, nil
}

func (server) ValidateResourceTypeConfig(context.Context, *tfprotov5.ValidateResourceTypeConfigRequest) (*tfprotov5.ValidateResourceTypeConfigResponse, error) {
	return &tfprotov5.ValidateResourceTypeConfigResponse{}, nil
}

func (server) UpgradeResourceState(_ context.Context, req *tfprotov5.UpgradeResourceStateRequest) (*tfprotov5.UpgradeResourceStateResponse, error) {
	typ := resource[req.TypeName].ValueType()
	v, err := req.RawState.UnmarshalWithOpts(typ, tfprotov5.UnmarshalOpts{})
	if err != nil {
		return nil, err
	}
	dv, err := tfprotov5.NewDynamicValue(typ, v)
	return &tfprotov5.UpgradeResourceStateResponse{UpgradedState: &dv}, err
}

func (server) ReadResource(_ context.Context, req *tfprotov5.ReadResourceRequest) (*tfprotov5.ReadResourceResponse, error) {
	return &tfprotov5.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private}, nil
}

func (server) PlanResourceChange(_ context.Context, req *tfprotov5.PlanResourceChangeRequest) (*tfprotov5.PlanResourceChangeResponse, error) {
	return &tfprotov5.PlanResourceChangeResponse{PlannedState: fill(req.TypeName, req.ProposedNewState, false)}, nil
}

func (server) ApplyResourceChange(_ context.Context, req *tfprotov5.ApplyResourceChangeRequest) (*tfprotov5.ApplyResourceChangeResponse, error) {
	return &tfprotov5.ApplyResourceChangeResponse{NewState: fill(req.TypeName, req.PlannedState, true)}, nil
}

// fill sets the defaults of a planned object and its id: unknown at plan,
// the community provider's at apply. A null (destroyed) object stays null.
func fill(typeName string, dv *tfprotov5.DynamicValue, apply bool) *tfprotov5.DynamicValue {
	typ := resource[typeName].ValueType()
	v, err := dv.Unmarshal(typ)
	if err != nil || v.IsNull() {
		return dv
	}
	var obj map[string]tftypes.Value
	if err := v.As(&obj); err != nil {
		log.Fatal(err)
	}
	for k, d := range defaults {
		if a, ok := obj[k]; ok && (a.IsNull() || !a.IsKnown()) {
			obj[k] = d
		}
	}
	if obj["id"].IsNull() {
		obj["id"] = tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	}
	if apply && !obj["id"].IsKnown() {
		var parts []string
		for _, k := range idOf[typeName] {
			var s string
			_ = obj[k].As(&s)
			parts = append(parts, s)
		}
		obj["id"] = tftypes.NewValue(tftypes.String, strings.Join(parts, "|"))
	}
	out, err := tfprotov5.NewDynamicValue(typ, tftypes.NewValue(typ, obj))
	if err != nil {
		log.Fatal(err)
	}
	return &out
}

func main() {
	if err := tf5server.Serve("registry.terraform.io/mongey/kafka", func() tfprotov5.ProviderServer { return server{} }); err != nil {
		log.Fatal(err)
	}
}
