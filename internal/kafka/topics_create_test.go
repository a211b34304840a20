package kafka

import (
	"context"
	"testing"

	"github.com/twmb/franz-go/pkg/kerr"
)

func TestMayExist(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{context.DeadlineExceeded, true},
		{layoutErr(StepCreate, context.DeadlineExceeded), true},
		{layoutErr(StepCreate, &CreatedError{Err: kerr.ReassignmentInProgress}), true},
		{kerr.RequestTimedOut, true},
		{kerr.NotController, true},
		{withDetail(kerr.InvalidConfig, "bad"), false},
		{layoutErr(StepCreate, kerr.TopicAuthorizationFailed), false},
		{layoutErr(StepDescribe, context.DeadlineExceeded), false},
	} {
		if got := MayExist(tc.err); got != tc.want {
			t.Errorf("MayExist(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
