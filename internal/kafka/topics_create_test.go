package kafka

import (
	"context"
	"errors"
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

// A create that finds its topic already there takes it when the layout is
// the declared one (the client's own resend after a dropped connection),
// and keeps the refusal otherwise.
func TestCreateTopicAdoptsItsOwnResend(t *testing.T) {
	_, cl, _ := fakeCluster(t, "made") // 3 partitions, replication factor 1
	ctx := context.Background()
	if _, err := cl.CreateTopic(ctx, CreateSpec{Name: "made", Partitions: 3, ReplicationFactor: 1}); err != nil {
		t.Fatalf("same layout: %v", err)
	}
	if _, err := cl.CreateTopic(ctx, CreateSpec{Name: "made", Partitions: 6, ReplicationFactor: 1}); !errors.Is(err, kerr.TopicAlreadyExists) {
		t.Fatalf("other layout: %v", err)
	}
}
