package validators

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

type regexValidator struct{}

var _ validator.String = regexValidator{}

// Regex checks at plan that a value compiles as an RE2 regular expression.
func Regex() validator.String { return regexValidator{} }

func (regexValidator) Description(context.Context) string {
	return "a valid RE2 regular expression"
}

func (v regexValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (regexValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := regexp.Compile(req.ConfigValue.ValueString()); err != nil {
		// The path leads the message: Terraform shows no attribute of a
		// provider block's errors.
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Regular Expression",
			req.Path.String()+": the value does not compile as an RE2 regular expression: "+err.Error()+". Escape literal dots as \\\\. in HCL.")
	}
}
