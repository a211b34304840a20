package provider

// Conversions between Terraform values and Go values.

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// fullyKnown reports whether a map and all its values are known.
func fullyKnown(m types.Map) bool {
	if m.IsUnknown() {
		return false
	}
	for _, v := range m.Elements() {
		if v.IsUnknown() {
			return false
		}
	}
	return true
}

// stringMap reads a map of strings, empty when null or unknown.
func stringMap(ctx context.Context, m types.Map) (map[string]string, diag.Diagnostics) {
	out := map[string]string{}
	if m.IsNull() || m.IsUnknown() {
		return out, nil
	}
	d := m.ElementsAs(ctx, &out, false)
	return out, d
}

// listStrings reads a list of strings; known is false while any element
// (or the list) is unknown, for example when it comes from another resource.
func listStrings(l types.List) (out []string, known bool) {
	if l.IsUnknown() {
		return nil, false
	}
	for _, v := range l.Elements() {
		s, ok := v.(types.String)
		if !ok || s.IsUnknown() {
			return nil, false
		}
		out = append(out, s.ValueString())
	}
	return out, true
}

func stringList(in []string) types.List {
	return types.ListValueMust(types.StringType, toAttrs(in))
}

func toAttrs(in []string) []attr.Value {
	out := make([]attr.Value, 0, len(in))
	for _, v := range in {
		out = append(out, types.StringValue(v))
	}
	return out
}

func strs(in []types.String) []string {
	out := make([]string, 0, len(in))
	for _, v := range in {
		out = append(out, v.ValueString())
	}
	return out
}

func toStrs(in []string) []types.String {
	out := make([]types.String, 0, len(in))
	for _, v := range in {
		out = append(out, types.StringValue(v))
	}
	return out
}
