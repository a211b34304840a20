// Package diags builds the provider's diagnostics: a Title Case summary and a
// detail that says what happened, how to fix it, and the Kafka error.
package diags

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/geokafka/terraform-provider-geokafka/internal/kafka"
)

// Kafka reports a failed Kafka call: what was being done, and the explained
// error. A deadline gets a hint about timeouts.
func Kafka(summary, doing string, err error) diag.Diagnostic {
	detail := fmt.Sprintf("%s failed: %s", doing, kafka.Explain(err))
	if errors.Is(err, context.DeadlineExceeded) {
		detail += "\n\nThe operation ran out of time. Raise the resource's timeouts or the cluster's request_timeout, and check that the cluster is reachable."
	}
	return diag.NewErrorDiagnostic(summary, detail)
}

// KafkaAt is Kafka attached to an attribute.
func KafkaAt(p path.Path, summary, doing string, err error) diag.Diagnostic {
	detail := fmt.Sprintf("%s failed: %s", doing, kafka.Explain(err))
	return diag.NewAttributeErrorDiagnostic(p, summary, detail)
}
