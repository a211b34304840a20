package kafka

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/twmb/franz-go/pkg/kgo"
)

const logSubsystem = "kafka"

// tfLogger sends franz-go's logs to Terraform's log (TF_LOG_PROVIDER), in a
// "kafka" subsystem, with SASL secrets masked.
type tfLogger struct {
	ctx context.Context
}

// NewLogger builds a franz-go logger from a context carrying Terraform's
// logger (the provider's Configure context). secrets are masked wherever
// they would appear.
func NewLogger(ctx context.Context, secrets ...string) kgo.Logger {
	ctx = tflog.NewSubsystem(ctx, logSubsystem)
	ctx = tflog.SubsystemMaskFieldValuesWithFieldKeys(ctx, logSubsystem, "password", "token", "secret")
	for _, s := range secrets {
		if s != "" {
			ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, logSubsystem, s)
			ctx = tflog.SubsystemMaskMessageStrings(ctx, logSubsystem, s)
		}
	}
	return &tfLogger{ctx: ctx}
}

// Level keeps franz-go at info; debug output is per-request noise that costs
// time on large plans.
func (l *tfLogger) Level() kgo.LogLevel { return kgo.LogLevelInfo }

func (l *tfLogger) Log(level kgo.LogLevel, msg string, keyvals ...any) {
	fields := make(map[string]any, len(keyvals)/2)
	for i := 0; i+1 < len(keyvals); i += 2 {
		if k, ok := keyvals[i].(string); ok {
			fields[k] = keyvals[i+1]
		}
	}
	switch level {
	case kgo.LogLevelError:
		tflog.SubsystemError(l.ctx, logSubsystem, msg, fields)
	case kgo.LogLevelWarn:
		tflog.SubsystemWarn(l.ctx, logSubsystem, msg, fields)
	case kgo.LogLevelInfo:
		tflog.SubsystemInfo(l.ctx, logSubsystem, msg, fields)
	default:
		tflog.SubsystemDebug(l.ctx, logSubsystem, msg, fields)
	}
}
