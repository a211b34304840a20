package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/geokafka/terraform-provider-geokafka/internal/diags"
	"github.com/geokafka/terraform-provider-geokafka/internal/replication"
)

// apply checks the link against every link the provider manages (admit),
// then writes and starts it (replication.Apply) under the estate's lock.
func (r *linkResource) apply(ctx context.Context, plan *linkModel, creating bool, resume map[string]map[int32]int64, d *diag.Diagnostics) {
	l, cc, err := r.link(ctx, *plan)
	if err != nil {
		d.AddError("Invalid Replication Link", err.Error())
		return
	}
	r.data.links.Lock()
	locked := true
	unlock := func() {
		if locked {
			r.data.links.Unlock()
			locked = false
		}
	}
	defer unlock() // released by Apply once the connectors are written
	if !r.admit(ctx, &l, d) {
		return
	}
	found, err := replication.Apply(ctx, cc, l, replication.ConnectState(plan.State.ValueString()), creating, resume, unlock)
	if err != nil {
		summary := "Replication Link Not Applied"
		if step := (*replication.StepError)(nil); errors.As(err, &step) {
			summary = step.Step
		}
		d.AddError(summary, err.Error())
		return
	}
	plan.Status = statusMap(found)
	setComputed(plan, l)
}

// admit checks a link against every link the provider manages, read now
// (the caller holds the estate's lock and writes before releasing it, so
// links applied at once see each other): no ring MirrorMaker cannot see, no
// topic named that residency keeps off the target, and exclusions that
// cover copies under every link's prefixes, the link's own and, rewritten
// here, the others'.
func (r *linkResource) admit(ctx context.Context, l *replication.Link, d *diag.Diagnostics) bool {
	links, err := r.data.links.Fresh(ctx)
	if err != nil {
		d.AddError("Replication Links Not Read",
			fmt.Sprintf("Before writing a link, the provider reads every link it manages, to refuse replication loops and hold residency on every hop: %s. "+
				"Make that Kafka Connect cluster reachable, or set offline = true on its cluster.", err))
		return false
	}
	graph := replication.With(links, *l)
	if ring := replication.Loop(graph, *l); ring != nil {
		d.AddAttributeError(path.Root("naming"), "Replication Loop", loopDetail(ring)+".")
		return false
	}
	prefixes := replication.CopyPrefixes(r.data.clusters.Keys(), graph)
	for i, detail := range r.namedRestricted(*l, graph, prefixes) {
		if detail != "" {
			d.AddAttributeError(path.Root("topics").AtListIndex(i), "Topic Held Back By Residency", detail)
		}
	}
	if d.HasError() {
		return false
	}
	l.CopyPrefixes = prefixes
	if err := r.data.links.Cover(ctx, graph, prefixes, l.ID()); err != nil {
		d.AddError("Residency Not Extended To Other Links", err.Error())
		return false
	}
	return true
}

// createPending records a link whose target is offline: where the source's
// selected topics end now (or start, where start_offsets says), and nothing
// on Kafka Connect.
func (r *linkResource) createPending(ctx context.Context, plan *linkModel, start map[string]map[int32]int64, d *diag.Diagnostics) {
	l, _, err := r.link(ctx, *plan)
	if err != nil {
		d.AddError("Invalid Replication Link", err.Error())
		return
	}
	sc := clusterOf(r.data, l.Source.Key, d)
	if d.HasError() {
		return
	}
	all, err := sc.Topics(ctx)
	if err != nil {
		d.Append(diags.Kafka("Replication Link Not Recorded", fmt.Sprintf("Listing the topics of cluster %q", sc.Key), err))
		return
	}
	topics, _ := l.Selection().Replicated(slices.Collect(maps.Keys(all)))
	ends := map[string]map[int32]int64{}
	if len(topics) > 0 {
		if ends, err = sc.EndOffsets(ctx, topics...); err != nil {
			d.Append(diags.Kafka("Replication Link Not Recorded",
				fmt.Sprintf("Reading the end offsets of %s on cluster %q", strings.Join(topics, ", "), sc.Key), err))
			return
		}
	}
	// Positions given in start_offsets win over the end offsets.
	for t, parts := range start {
		if ends[t] == nil {
			ends[t] = map[int32]int64{}
		}
		maps.Copy(ends[t], parts)
	}
	plan.ResumeFrom = resumeFromMap(ends)
	plan.Status = pendingStatusMap(l)
	setComputed(plan, l)
}
