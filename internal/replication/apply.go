package replication

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/geokafka/terraform-provider-geokafka/internal/connect"
)

// StepError is a step of applying a link that failed: Step is what the user
// reads as the summary ("Connector Not Deleted"), Err why.
type StepError struct {
	Step string
	Err  error
}

func (e *StepError) Error() string { return e.Err.Error() }

func stepErr(step, name, cluster string, cc *connect.Client, err error) error {
	return &StepError{Step: step, Err: fmt.Errorf("connector %s on the Kafka Connect of cluster %q (%s): %w", name, cluster, cc.URL(), err)}
}

// Apply writes every connector of the link on cc and deletes the ones it no
// longer runs; written runs once they are written (the caller releases its
// lock there). It then brings them to state want and waits until they and
// their tasks are there, and returns their statuses.
//
// Two starts set the source connector's positions before it runs (it is
// created stopped, and the positions an earlier link in the same direction
// left in Kafka Connect are discarded): a link created with start_from =
// "latest" starts at the end of every topic (otherwise it would resume where
// the earlier one stopped, and a fail-back would copy the reverse link's
// copies back), and a pending link starts at resume (its resume_from).
func Apply(ctx context.Context, cc *connect.Client, l Link, want string, creating bool, resume map[string]map[int32]int64,
	written func()) (map[string]connect.Status, error) {
	names := ConnectorNames(l.Source.Key, l.Target.Key)
	wanted := l.Connectors()
	for _, name := range []string{names.Source, names.Checkpoint, names.Heartbeat} {
		cfg, ok := wanted[name]
		switch {
		case !ok:
			if err := cc.Delete(ctx, name); err != nil {
				return nil, stepErr("Connector Not Deleted", name, l.Target.Key, cc, err)
			}
		case name == names.Source && (resume != nil || creating && l.StartFrom == "latest"):
			if err := startAt(ctx, cc, name, cfg, SourceOffsets(l.SourceAlias, resume)); err != nil {
				return nil, stepErr("Connector Not Created", name, l.Target.Key, cc, fmt.Errorf("at its starting positions: %w", err))
			}
		default:
			if err := Reconfigure(ctx, cc, name, cfg); err != nil {
				return nil, stepErr("Connector Not Configured", name, l.Target.Key, cc, err)
			}
		}
	}
	written()
	status := map[string]connect.Status{}
	for name := range wanted {
		if err := SetState(ctx, cc, name, want); err != nil {
			return nil, stepErr("Connector State Not Set", name, l.Target.Key, cc, fmt.Errorf("setting it to %s: %w", want, err))
		}
		s, err := WaitState(ctx, cc, name, want)
		if err != nil {
			return nil, stepErr("Connector Not "+titleCase(want), name, l.Target.Key, cc, err)
		}
		status[name] = s
	}
	return status, nil
}

func titleCase(s string) string {
	return strings.ToUpper(s[:1]) + strings.ToLower(s[1:])
}

// startAt creates a source connector stopped, replaces any positions kept
// under its name by offsets, and leaves it to SetState to start; partitions
// without a position start as auto.offset.reset says. A connector that
// already exists is only reconfigured.
func startAt(ctx context.Context, cc *connect.Client, name string, cfg map[string]string, offsets []any) error {
	if _, err := cc.Status(ctx, name); !errors.Is(err, connect.ErrNotFound) {
		if err != nil {
			return err
		}
		return Reconfigure(ctx, cc, name, cfg)
	}
	if err := cc.CreateStopped(ctx, name, cfg); err != nil {
		return err
	}
	if err := cc.ResetOffsets(ctx, name); err != nil {
		return err
	}
	if len(offsets) == 0 {
		return nil
	}
	return cc.AlterOffsets(ctx, name, offsets)
}

// DeleteLink deletes the link's connectors; remote topics and their records
// stay. The three go at once: Connect waits for each one's tasks to stop (up
// to task.shutdown.graceful.timeout.ms when the source is lost), and a
// fail-over should not wait three times.
func DeleteLink(ctx context.Context, cc *connect.Client, source, target string) error {
	names := ConnectorNames(source, target)
	conns := []string{names.Source, names.Checkpoint, names.Heartbeat}
	errs := make([]error, len(conns))
	var wg sync.WaitGroup
	for i, n := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := Delete(ctx, cc, n); err != nil {
				errs[i] = fmt.Errorf("deleting connector %s on %s: %w", n, cc.URL(), err)
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// LinkState is the state argument a link's connectors add up to: their
// common state, "missing" when one the link runs is gone, "mixed" when they
// disagree (the plan then sets them all); "" when none is there.
func LinkState(found map[string]connect.Status, names Names, checkpoints, heartbeats bool) string {
	state := ""
	for _, n := range []string{names.Source, names.Checkpoint, names.Heartbeat} {
		s, ok := found[n]
		if !ok {
			if n == names.Source || n == names.Checkpoint && checkpoints || n == names.Heartbeat && heartbeats {
				state = "missing"
			}
			continue
		}
		switch us := UserState(s); {
		case state == "":
			state = us
		case state != "missing" && state != us:
			state = "mixed"
		}
	}
	if len(found) == 0 {
		return ""
	}
	return state
}

// ResumeFrom writes end offsets as resume_from keys, "<topic>/<partition>".
func ResumeFrom(ends map[string]map[int32]int64) map[string]int64 {
	out := map[string]int64{}
	for t, parts := range ends {
		for p, o := range parts {
			out[fmt.Sprintf("%s/%d", t, p)] = o
		}
	}
	return out
}

// ParseResumeFrom reverses ResumeFrom; keys it cannot read are left out.
func ParseResumeFrom(m map[string]int64) map[string]map[int32]int64 {
	out := map[string]map[int32]int64{}
	for k, o := range m {
		topic, p, ok := ParsePosition(k)
		if !ok {
			continue
		}
		if out[topic] == nil {
			out[topic] = map[int32]int64{}
		}
		out[topic][p] = o
	}
	return out
}

// ParsePosition reads a "<topic>/<partition>" key.
func ParsePosition(k string) (topic string, partition int32, ok bool) {
	i := strings.LastIndex(k, "/")
	if i <= 0 {
		return "", 0, false
	}
	p, err := strconv.ParseInt(k[i+1:], 10, 32)
	if err != nil || p < 0 {
		return "", 0, false
	}
	return k[:i], int32(p), true
}

// SourceOffsets are the MirrorSourceConnector positions (Kafka Connect's
// offsets API format) that make it copy each partition from the given next
// offset on. A connector stores the last offset it copied, so next-1;
// partitions to copy from their start are left out (no position).
func SourceOffsets(alias string, next map[string]map[int32]int64) []any {
	var out []any
	for topic, parts := range next {
		for p, n := range parts {
			if n <= 0 {
				continue
			}
			out = append(out, map[string]any{
				"partition": map[string]any{"cluster": alias, "topic": topic, "partition": p},
				"offset":    map[string]any{"offset": n - 1},
			})
		}
	}
	return out
}

// Stranded counts, by topic, the records a pending link's target holds past
// the positions the link resumes from (resume: the source's end offsets
// when the link was created, by topic and partition). With identity naming
// the copy is the topic itself, so a target that kept taking writes after
// the fail-over (cut off, not down) holds records the source never had;
// starting the link appends the source's records after them and copies
// them nowhere. Other namings write copies under other names, and strand
// nothing. Topics without such records are left out.
func Stranded(l Link, resume, targetEnds map[string]map[int32]int64) map[string]int64 {
	out := map[string]int64{}
	if l.Naming != Identity {
		return out
	}
	for topic, parts := range resume {
		var n int64
		for p, from := range parts {
			if end, ok := targetEnds[topic][p]; ok && end > from {
				n += end - from
			}
		}
		if n > 0 {
			out[topic] = n
		}
	}
	return out
}

// DescribeStranded writes stranded records as "orders 12, payments 3".
func DescribeStranded(stranded map[string]int64) string {
	parts := make([]string, 0, len(stranded))
	for _, t := range slices.Sorted(maps.Keys(stranded)) {
		parts = append(parts, fmt.Sprintf("%s %d", t, stranded[t]))
	}
	return strings.Join(parts, ", ")
}
