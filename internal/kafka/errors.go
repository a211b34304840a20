package kafka

import (
	"errors"
	"fmt"

	"github.com/twmb/franz-go/pkg/kerr"
)

// hints say what a user can do about the Kafka errors they are likely to meet.
var hints = map[*kerr.Error]string{
	kerr.TopicAuthorizationFailed:   "Grant the provider's principal the needed ACL on the topic, or use a principal that has it.",
	kerr.ClusterAuthorizationFailed: "Grant the provider's principal the needed ACL on the cluster resource (kafka-cluster).",
	kerr.SaslAuthenticationFailed:   "Check the sasl username, password and mechanism of this cluster.",
	kerr.InvalidReplicationFactor:   "Use a replication_factor no larger than the number of live brokers.",
	kerr.InvalidPartitions:          "Use partitions >= 1.",
	kerr.InvalidConfig:              "Fix or remove the config entry; see the topic configuration reference of your Kafka version.",
	kerr.PolicyViolation:            "The cluster's create/alter policy refused the change; ask the cluster operators what it allows.",
	kerr.TopicAlreadyExists:         "Import the existing topic (terraform import) instead of creating it, or choose another name.",
	kerr.UnknownTopicOrPartition:    "The topic does not exist on this cluster.",
	kerr.InvalidTopicException:      "Topic names are 1-249 characters of [a-zA-Z0-9._-] and not \".\" or \"..\".",
	kerr.TopicDeletionDisabled:      "Set delete.topic.enable=true on the brokers to allow deleting topics.",
	kerr.ReassignmentInProgress:     "Wait for the running partition reassignment to finish, then apply again.",
	kerr.RequestTimedOut:            "The cluster did not answer in time; raise request_timeout or the resource's timeouts.",
}

// Explain turns an error from a Kafka call into a sentence a user can act on:
// the Kafka error name, what it means, and what to do.
func Explain(err error) string {
	if err == nil {
		return ""
	}
	var ke *kerr.Error
	if errors.As(err, &ke) {
		msg := fmt.Sprintf("Kafka error %s: %s", ke.Message, ke.Description)
		if h, ok := hints[ke]; ok {
			msg += " " + h
		}
		var de *detailedError
		if errors.As(err, &de) && de.detail != "" {
			msg = fmt.Sprintf("%s (broker said: %s)", msg, de.detail)
		}
		return msg
	}
	return err.Error()
}

// detailedError keeps the broker's own error message next to the error code.
type detailedError struct {
	code   *kerr.Error
	detail string
}

func (e *detailedError) Error() string {
	if e.detail == "" {
		return e.code.Error()
	}
	return e.code.Error() + ": " + e.detail
}

func (e *detailedError) Unwrap() error { return e.code }

// withDetail keeps the broker's own message next to a Kafka error, so that
// Explain can show it; nil and errors that are not Kafka errors pass through.
func withDetail(err error, detail string) error {
	var ke *kerr.Error
	if !errors.As(err, &ke) {
		return err
	}
	return &detailedError{code: ke, detail: detail}
}

// codeErr builds an error from a response's error code and message, nil for 0.
func codeErr(code int16, msg *string) error {
	var detail string
	if msg != nil {
		detail = *msg
	}
	return withDetail(kerr.ErrorForCode(code), detail)
}
