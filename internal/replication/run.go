package replication

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/geokafka/terraform-provider-geokafka/internal/connect"
)

// Reconfigure writes a connector's configuration. When a source connector
// excludes topics it did not (a residency rule added, a copy prefix learnt),
// it is stopped first and brought back to its state after: Kafka Connect
// restarts tasks after a configuration change in its own time, and until
// then the old tasks would go on copying what is now excluded.
func Reconfigure(ctx context.Context, cc *connect.Client, name string, cfg map[string]string) error {
	if cfg["connector.class"] != sourceClass {
		return cc.Put(ctx, name, cfg)
	}
	old, err := cc.Config(ctx, name)
	if errors.Is(err, connect.ErrNotFound) || err == nil && !narrows(old["topics.exclude"], cfg["topics.exclude"]) {
		return cc.Put(ctx, name, cfg)
	}
	if err != nil {
		return err
	}
	s, err := cc.Status(ctx, name)
	if err != nil {
		return err
	}
	if s.Connector.State != connect.Stopped {
		if err := cc.Stop(ctx, name); err != nil {
			return err
		}
		if _, err := WaitState(ctx, cc, name, connect.Stopped); err != nil {
			return fmt.Errorf("stopping it before it excludes more topics: %w", err)
		}
	}
	if err := cc.Put(ctx, name, cfg); err != nil {
		return err
	}
	if s.Connector.State == connect.Stopped {
		return nil
	}
	if s.Connector.State == connect.Paused {
		return cc.Pause(ctx, name)
	}
	return cc.Resume(ctx, name)
}

// ReadStatus returns the status of each connector of the link source ->
// target that Kafka Connect has, by name; absent ones are left out.
func ReadStatus(ctx context.Context, cc *connect.Client, source, target string) (map[string]connect.Status, error) {
	names := ConnectorNames(source, target)
	out := map[string]connect.Status{}
	for _, n := range []string{names.Source, names.Checkpoint, names.Heartbeat} {
		s, err := cc.Status(ctx, n)
		switch {
		case errors.Is(err, connect.ErrNotFound):
		case err != nil:
			return nil, fmt.Errorf("reading connector %s on %s: %w", n, cc.URL(), err)
		default:
			out[n] = s
		}
	}
	return out, nil
}

// Delete deletes a connector and waits until Kafka Connect no longer reports
// it, so that a link created next in the same direction (a fail-back) does
// not meet the old one.
func Delete(ctx context.Context, cc *connect.Client, name string) error {
	if err := cc.Delete(ctx, name); err != nil {
		return err
	}
	for {
		if _, err := cc.Status(ctx, name); errors.Is(err, connect.ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("still reported by Kafka Connect after the timeout")
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// narrows reports whether the exclusion list after holds an entry that
// before does not.
func narrows(before, after string) bool {
	have := strings.Split(before, ",")
	for _, e := range strings.Split(after, ",") {
		if e != "" && !slices.Contains(have, e) {
			return true
		}
	}
	return false
}

// SetState asks Kafka Connect to bring a connector to want (RUNNING, PAUSED
// or STOPPED); a failed connector or task is restarted.
func SetState(ctx context.Context, cc *connect.Client, name, want string) error {
	s, err := cc.Status(ctx, name)
	if err != nil && !errors.Is(err, connect.ErrNotFound) {
		return err
	}
	failed := s.Connector.State == connect.Failed
	for _, t := range s.Tasks {
		failed = failed || t.State == connect.Failed
	}
	if failed && want == connect.Running {
		return cc.RestartFailed(ctx, name) // with the configuration just written
	}
	if s.Connector.State == want {
		return nil
	}
	switch want {
	case connect.Paused:
		return cc.Pause(ctx, name)
	case connect.Stopped:
		return cc.Stop(ctx, name)
	}
	return cc.Resume(ctx, name)
}

// WaitState polls until the connector and all its tasks are in state want,
// or returns the failed task's trace.
func WaitState(ctx context.Context, cc *connect.Client, name, want string) (connect.Status, error) {
	var last connect.Status
	for {
		s, err := cc.Status(ctx, name)
		if err == nil {
			last = s
			if s.Connector.State == connect.Failed {
				return s, fmt.Errorf("the connector FAILED:\n%s", firstLines(s.Connector.Trace, 12))
			}
			done := s.Connector.State == want
			for _, t := range s.Tasks {
				if t.State == connect.Failed {
					return s, fmt.Errorf("task %d FAILED:\n%s", t.ID, firstLines(t.Trace, 12))
				}
				if t.State != want {
					done = false // a stopped connector has no tasks left
				}
			}
			if done {
				return s, nil
			}
		} else if !errors.Is(err, connect.ErrNotFound) {
			return s, err
		}
		select {
		case <-ctx.Done():
			return last, fmt.Errorf("still %s after the timeout, want %s (raise timeouts or check the Connect worker's log)", DescribeStatus(last), want)
		case <-time.After(500 * time.Millisecond):
		}
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// DescribeStatus writes a status as "RUNNING (tasks: RUNNING, RUNNING)".
func DescribeStatus(s connect.Status) string {
	if s.Connector.State == "" {
		return "MISSING"
	}
	tasks := make([]string, 0, len(s.Tasks))
	sort.Slice(s.Tasks, func(i, j int) bool { return s.Tasks[i].ID < s.Tasks[j].ID })
	for _, t := range s.Tasks {
		tasks = append(tasks, t.State)
	}
	return fmt.Sprintf("%s (tasks: %s)", s.Connector.State, strings.Join(tasks, ", "))
}

// connectStates are the Connect states of the state argument's values.
var connectStates = map[string]string{"running": connect.Running, "paused": connect.Paused, "stopped": connect.Stopped}

// ConnectState is the Connect state a link's state argument asks for; ""
// for a value it does not take.
func ConnectState(state string) string { return connectStates[state] }

// UserState maps a connector's Connect status to the state argument; a
// failed task reads as "failed", so the plan shows it.
func UserState(s connect.Status) string {
	for _, t := range s.Tasks {
		if t.State == connect.Failed {
			return "failed"
		}
	}
	return strings.ToLower(s.Connector.State)
}
