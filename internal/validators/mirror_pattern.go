package validators

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/geokafka/terraform-provider-geokafka/internal/replication"
)

type mirrorPatternValidator struct{}

var _ validator.String = mirrorPatternValidator{}

// MirrorPattern checks at plan a topic or group pattern of a replication
// link: MirrorMaker reads its patterns as a comma-separated list.
func MirrorPattern() validator.String { return mirrorPatternValidator{} }

func (mirrorPatternValidator) Description(context.Context) string {
	return "a regular expression without commas"
}

func (v mirrorPatternValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (mirrorPatternValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := replication.CheckPattern(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Pattern", err.Error()+".")
	}
}
