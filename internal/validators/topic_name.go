// Package validators holds the provider's attribute validators.
package validators

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/geokafka/terraform-provider-geokafka/internal/topicname"
)

type topicNameValidator struct{}

var _ validator.String = topicNameValidator{}

// TopicName checks Kafka's topic naming rules at plan.
func TopicName() validator.String { return topicNameValidator{} }

func (topicNameValidator) Description(context.Context) string {
	return "1-249 characters of [a-zA-Z0-9._-], not \".\" or \"..\""
}

func (v topicNameValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (topicNameValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := topicname.Validate(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Topic Name", "Kafka would refuse this topic name: "+err.Error()+".")
	}
}
