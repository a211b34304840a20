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
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/geokafka/terraform-provider-geokafka/internal/diags"
	"github.com/geokafka/terraform-provider-geokafka/internal/ids"
	"github.com/geokafka/terraform-provider-geokafka/internal/kafka"
	"github.com/geokafka/terraform-provider-geokafka/internal/replication"
)

func (r *linkResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	defer r.refuseOffline(ctx, req, resp)
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var plan linkModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.Source.IsUnknown() || plan.Target.IsUnknown() {
		return
	}
	src, target := plan.Source.ValueString(), plan.Target.ValueString()
	for _, p := range []path.Path{path.Root("source"), path.Root("target")} {
		var key types.String
		resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, p, &key)...)
		if _, err := r.data.clusters.Resolve(key.ValueString()); err != nil && !errors.Is(err, kafka.ErrNotKnownYet) {
			resp.Diagnostics.AddAttributeError(p, "Unknown Cluster", err.Error())
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.SourceAlias.IsUnknown() || plan.SourceAlias.IsNull() {
		plan.SourceAlias = types.StringValue(src)
	}
	plan.ID = types.StringValue(ids.Link(src, target))
	plan.ResidencyExcludes = stringList(replication.ResidencyExcludesFor(r.data.residency, target))
	_, topicsKnown := listStrings(plan.Topics)
	l, cc, err := r.link(ctx, plan)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Replication Link", err.Error()+".")
		return
	}
	plan.ConnectorNames = connectorNames(replication.ConnectorNames(src, target), plan.EmitCheckpoints.ValueBool(), plan.EmitHeartbeats.ValueBool())
	plan.ConnectorBootstrap = connectorBootstrap(l)
	plan.ConnectorSecrets = connectorSecrets(l)
	plan.StrandedRecords = r.strandedRecords(ctx, req, l, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	// Updated in place, the link keeps the record of where it started: a
	// catch-up link's start_offsets read it at plan.
	if len(resp.RequiresReplace) == 0 {
		var priorResume types.Map
		if !req.State.Raw.IsNull() && !req.State.GetAttribute(ctx, path.Root("resume_from"), &priorResume).HasError() && !priorResume.IsNull() {
			plan.ResumeFrom = priorResume
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	if !req.State.Raw.IsNull() && !resp.Plan.Raw.Equal(req.State.Raw) {
		// An update the configuration did not ask for (a residency rule of the
		// provider changed) restarts the connectors: their status is not known.
		plan.Status = types.MapUnknown(types.StringType)
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	}
	if req.State.Raw.IsNull() || !resp.Plan.Raw.Equal(req.State.Raw) {
		r.warnInlineSecrets(src, target, &resp.Diagnostics)
	}

	ctx, cancel := context.WithTimeout(ctx, planCheckTimeout)
	defer cancel()
	if err := r.data.links.Refused(ctx, cc); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("target"), "Kafka Connect Refused The Credentials",
			fmt.Sprintf("%v (provider clusters[%q].connect_auth).", err, target))
		return
	}
	r.data.links.Plan(l)
	graph := replication.With(r.data.links.Links(ctx), l)
	prefixes := replication.CopyPrefixes(r.data.clusters.Keys(), graph)
	for i, detail := range r.namedRestricted(l, graph, prefixes) {
		if detail != "" {
			resp.Diagnostics.AddAttributeError(path.Root("topics").AtListIndex(i), "Topic Held Back By Residency", detail)
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if len(r.data.residency) > 0 && topicsKnown {
		r.warnHeld(ctx, l, prefixes, &resp.Diagnostics)
	}
	// At plan the ring may go through a link this same plan deletes first (a
	// fail-over replaces a link by its reverse), so the plan warns and the
	// apply, which runs after those deletions, refuses.
	if ring := replication.Loop(graph, l); ring != nil {
		resp.Diagnostics.AddAttributeWarning(path.Root("naming"), "Possible Replication Loop",
			loopDetail(ring)+". If this plan also destroys one of those links (a fail-over), this is expected; otherwise the apply will refuse the link.")
	}
}

// namedRestricted returns, by index of topics, why a pattern that names one
// topic outright names a topic, or a copy of one, that residency keeps off
// the target ("" where it does not): such a link could only break the rule.
// Patterns that select many topics are held back by the exclusions instead.
func (r *linkResource) namedRestricted(l replication.Link, graph []replication.Link, prefixes []string) []string {
	out := make([]string, len(l.Topics))
	for i, p := range l.Topics {
		name, ok := replication.NamedTopic(p)
		if !ok {
			continue
		}
		rule, origin, bad := replication.Restricted(r.data.residency, l.Target.Key, name, prefixes)
		if !bad {
			continue
		}
		what := fmt.Sprintf("%q", name)
		if origin != name {
			what = fmt.Sprintf("%q, a copy of %q,", name, origin)
			if o, hops, ok := replication.CopyPath(graph, rule, l.Source.Key, name); ok && len(hops) > 0 {
				what = fmt.Sprintf("%q, a copy of %q (%s),", name, o, replication.DescribePath(o, hops))
			}
		}
		out[i] = fmt.Sprintf("topics names %s which the residency rule %q keeps on clusters %s; "+
			"the link's target %q is not one of them, so the link could never copy it. Remove it from topics, or link to an allowed cluster.",
			what, rule.Pattern, strings.Join(rule.Allowed, ", "), l.Target.Key)
	}
	return out
}

// warnHeld lists the existing source topics the link selects but residency
// holds back, so that nobody waits for copies that never come, and the
// copies already on the target that the rules keep off it (made before a
// rule existed), which the link stops feeding but does not delete.
func (r *linkResource) warnHeld(ctx context.Context, l replication.Link, prefixes []string, d *diag.Diagnostics) {
	names := func(key string) []string {
		cl, err := r.data.clusters.Cluster(key)
		if err != nil {
			return nil
		}
		all, err := cl.Topics(ctx)
		if err != nil {
			return nil
		}
		return slices.Collect(maps.Keys(all))
	}
	if held := replication.HeldBack(l.Topics, r.data.residency, l.Target.Key, names(l.Source.Key), prefixes); len(held) > 0 {
		d.AddWarning("Topics Held Back By Residency",
			fmt.Sprintf("The link %s -> %s selects %d existing topic(s) that residency rules keep away from %q; they will not be copied: %s.",
				l.Source.Key, l.Target.Key, len(held), l.Target.Key, describeHeld(held)))
	}
	if there := replication.HeldBack([]string{".*"}, r.data.residency, l.Target.Key, names(l.Target.Key), prefixes); len(there) > 0 {
		d.AddWarning("Restricted Topics On The Target",
			fmt.Sprintf("Cluster %q already holds %d topic(s) that residency rules keep away from it, probably copied before a rule existed: %s. "+
				"The link does not copy into them; delete them (and the records they hold) separately, since the provider deletes nothing it was not asked to.",
				l.Target.Key, len(there), describeHeld(there)))
	}
}

func describeHeld(held []replication.Held) string {
	out := make([]string, len(held))
	for i, h := range held {
		out[i] = h.Topic
		if h.Origin != h.Topic {
			out[i] += fmt.Sprintf(" (a copy of %s)", h.Origin)
		}
	}
	return strings.Join(out, ", ")
}

func loopDetail(ring []replication.Link) string {
	return fmt.Sprintf("the links %s form a ring that MirrorMaker cannot see as one "+
		"(it can only when every link on it is prefixed, with its source's key as alias and one separator): records would be copied around it forever. "+
		"Use naming = \"prefixed\" with the default source_alias and separator on every link of the ring (active-active), "+
		"or remove a link of the ring first (fail-over)", replication.DescribeRing(ring))
}

// refuseOffline fails plans that need an offline cluster. A link's
// connectors run on its target's Connect and read its source: destroying one
// needs the target, changing one in place needs both, and creating one needs
// the source; created while the target is offline, the link is pending
// (resume_from), which a fail-over with the passive cluster lost wants.
func (r *linkResource) refuseOffline(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil || !r.data.clusters.AnyOffline() || resp.Plan.Raw.Equal(req.State.Raw) || hasOfflineError(resp.Diagnostics) {
		return
	}
	// A pending link has nothing on Connect yet: removing it needs no cluster.
	var prior linkModel
	hasConnectors := !req.State.Raw.IsNull() && !req.State.Get(ctx, &prior).HasError() && !isPending(prior)
	offline := func(v tftypes.Value, attr string) bool {
		key, ok := stringAttr(v, attr)
		if ok && r.data.clusters.Offline(key) {
			resp.Diagnostics.AddAttributeError(path.Root(attr), offlineSummary, offlineDetail(key))
			return true
		}
		return false
	}
	oldSrc, _ := stringAttr(req.State.Raw, "source")
	oldTarget, _ := stringAttr(req.State.Raw, "target")
	newSrc, _ := stringAttr(resp.Plan.Raw, "source")
	newTarget, _ := stringAttr(resp.Plan.Raw, "target")
	switch {
	case req.Plan.Raw.IsNull():
		if hasConnectors {
			offline(req.State.Raw, "target")
		}
	case req.State.Raw.IsNull() || oldSrc != newSrc || oldTarget != newTarget:
		if offline(resp.Plan.Raw, "source") || (hasConnectors && offline(req.State.Raw, "target")) {
			return
		}
		if r.data.clusters.Offline(newTarget) {
			resp.Diagnostics.AddAttributeWarning(path.Root("target"), "Replication Link Pending",
				fmt.Sprintf("Cluster %q is offline, so the link %s -> %s is only recorded: "+
					"the apply reads where %q's topics end now (resume_from) and runs nothing. "+
					"Once %q is back (offline = false), the next apply starts the link there, copying only what was written on %q from now on.",
					newTarget, newSrc, newTarget, newSrc, newTarget, newSrc))
		}
	default:
		_ = offline(resp.Plan.Raw, "source") || offline(resp.Plan.Raw, "target")
	}
}

// strandedRecords is what the state says, except in the plan that starts a
// pending link (its target is back): then it counts the records the target
// took after the fail-over that the source never had, and warns of them, so
// that none goes unnoticed under the records the link is about to append.
// The old active cluster may take more until its producers are stopped, so
// the apply counts again, as the link starts: unknown until then.
func (r *linkResource) strandedRecords(ctx context.Context, req resource.ModifyPlanRequest, l replication.Link, d *diag.Diagnostics) types.Map {
	var prior linkModel
	if req.State.Raw.IsNull() || req.State.Get(ctx, &prior).HasError() {
		return strandedMap(nil)
	}
	if !isPending(prior) || r.data.clusters.Offline(l.Target.Key) {
		if prior.StrandedRecords.IsNull() {
			return strandedMap(nil)
		}
		return prior.StrandedRecords
	}
	stranded := r.countStranded(ctx, l, prior.ResumeFrom, d)
	if len(stranded) > 0 {
		var total int64
		for _, n := range stranded {
			total += n
		}
		d.AddAttributeWarning(path.Root("stranded_records"), "Records Only On The Target",
			fmt.Sprintf("Cluster %q took writes after %q became the active cluster (it was cut off, not down): %d records so far "+
				"that %q never received, by topic: %s. They start at this link's resume_from offsets; the apply counts them again as the link starts. "+
				"Starting the link appends %q's records after them and copies them nowhere: nothing deletes them, and nothing brings them over. "+
				"Decide what they are before consumers on %q read past them, and make sure producers can no longer write to %q.",
				l.Target.Key, l.Source.Key, total, l.Source.Key, replication.DescribeStranded(stranded), l.Source.Key, l.Target.Key, l.Target.Key))
	}
	return types.MapUnknown(types.Int64Type)
}

// countStranded counts, by topic, the records the link's target holds past
// resume_from (see replication.Stranded).
func (r *linkResource) countStranded(ctx context.Context, l replication.Link, resumeFrom types.Map, d *diag.Diagnostics) map[string]int64 {
	tcl := clusterOf(r.data, l.Target.Key, d)
	if d.HasError() {
		return nil
	}
	resume := resumeOffsets(resumeFrom)
	ctx, cancel := context.WithTimeout(ctx, planCheckTimeout)
	defer cancel()
	ends, err := tcl.EndOffsets(ctx, slices.Sorted(maps.Keys(resume))...)
	if err != nil {
		d.Append(diags.Kafka("Stranded Records Not Counted",
			fmt.Sprintf("Before the pending link %s starts, the provider counts the records cluster %q took after the fail-over", l.ID(), l.Target.Key), err))
		return nil
	}
	return replication.Stranded(l, resume, ends)
}

// warnInlineSecrets warns, when the connectors are written, of cluster
// secrets they would carry as they are, readable through the Connect REST
// API, for want of connect_secrets references.
func (r *linkResource) warnInlineSecrets(src, target string, diags *diag.Diagnostics) {
	for _, key := range []string{src, target} {
		c, ok := r.data.clusters.Config(key)
		if inline := c.InlineSecrets(); ok && len(inline) > 0 {
			at := path.Root("clusters").AtMapKey(key).AtName("connect_secrets")
			diags.AddWarning("Secrets In Connector Configurations",
				fmt.Sprintf("The connectors of this link carry cluster %q's %s as it is: anyone who can read the Kafka Connect REST API reads it. "+
					"Set provider %s to references to a config provider on the Connect workers (see the secured Kafka Connect guide).", key, strings.Join(inline, " and "), at))
		}
	}
}
