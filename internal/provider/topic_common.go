package provider

// What geokafka_topic and geokafka_geo_partitioned_topic share: the common
// attributes, the cluster and residency check of a plan, the cluster's
// validation of it, config mapping, and the steps of create, refresh, update
// and destroy around what differs (the partition layout).

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/twmb/franz-go/pkg/kerr"

	"github.com/geokafka/terraform-provider-geokafka/internal/diags"
	"github.com/geokafka/terraform-provider-geokafka/internal/ids"
	"github.com/geokafka/terraform-provider-geokafka/internal/kafka"
	"github.com/geokafka/terraform-provider-geokafka/internal/mapdiff"
	"github.com/geokafka/terraform-provider-geokafka/internal/placement"
)

// topicBase holds the attributes both topic resources have; their models
// embed it.
type topicBase struct {
	ID           types.String   `tfsdk:"id"`
	Cluster      types.String   `tfsdk:"cluster"`
	Name         types.String   `tfsdk:"name"`
	Config       types.Map      `tfsdk:"config"`
	ForceDestroy types.Bool     `tfsdk:"force_destroy"`
	TopicID      types.String   `tfsdk:"topic_id"`
	Timeouts     timeouts.Value `tfsdk:"timeouts"`
}

func (m *topicBase) base() *topicBase { return m }

// topicModelOf is a pointer to the model M of either topic resource.
type topicModelOf[M any] interface {
	*M
	base() *topicBase
}

// timeoutOf picks one operation's timeout, e.g. timeouts.Value.Create.
type timeoutOf = func(timeouts.Value, context.Context, time.Duration) (time.Duration, diag.Diagnostics)

// planTopic decodes the plan and the prior state (nil on create) of a topic,
// resolves its cluster, refuses a cluster that residency keeps the topic
// off, and sets cluster and id in the plan. replacing is true when the topic
// is created anew: on another cluster, or under another name. ok is false
// when there is nothing more to plan.
func planTopic[M any, P topicModelOf[M]](ctx context.Context, data *providerData, req resource.ModifyPlanRequest,
	resp *resource.ModifyPlanResponse) (plan, state P, replacing, ok bool) {
	plan = new(M)
	resp.Diagnostics.Append(req.Plan.Get(ctx, plan)...)
	if !req.State.Raw.IsNull() {
		state = new(M)
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	b := plan.base()
	if resp.Diagnostics.HasError() || b.Name.IsUnknown() {
		return nil, nil, false, false
	}
	name := b.Name.ValueString()
	key, replacing, ok := planCluster(ctx, data, req, resp)
	if !ok {
		return nil, nil, false, false
	}
	if detail, bad := data.topicNotAllowed(name, key); bad {
		resp.Diagnostics.AddAttributeError(path.Root("cluster"), "Topic Not Allowed On This Cluster", detail)
		return nil, nil, false, false
	}
	if state != nil {
		replacing = replacing || state.base().Name.ValueString() != name
		if cl, err := data.clusters.Cluster(state.base().Cluster.ValueString()); err == nil {
			cl.Manage(state.base().Name.ValueString())
		}
	}
	b.Cluster, b.ID = types.StringValue(key), types.StringValue(ids.Topic(key, name))
	return plan, state, replacing, true
}

// checkConfigChange asks the cluster to validate the config change of a
// topic without applying it.
func checkConfigChange(ctx context.Context, cl *kafka.Cluster, name string, prior types.Map, planned map[string]string, resp *resource.ModifyPlanResponse) {
	old, d := stringMap(ctx, prior)
	resp.Diagnostics.Append(d...)
	if err := cl.AlterTopicConfig(ctx, name, configChanges(old, planned), true); err != nil {
		addValidationError(ctx, resp, cl, "ALTER_CONFIGS", name, err)
	}
}

// addValidationError attaches a cluster's refusal to the attribute it is
// about. A cluster that cannot be reached only warns: plan-time checks are a
// courtesy, apply still checks.
func addValidationError(ctx context.Context, resp *resource.ModifyPlanResponse, cl *kafka.Cluster, op, name string, err error) {
	if key, ok := kafka.UnknownTopicConfig(err); ok {
		// Usually a key of another Kafka release: say which one this is.
		if v, verr := cl.Version(ctx); verr == nil {
			resp.Diagnostics.AddAttributeError(path.Root("config").AtMapKey(key), "Topic Config Unknown To The Cluster",
				kafka.UnknownTopicConfigFix(cl.Key, key, v))
			return
		}
	}
	var ke *kerr.Error
	if !errors.As(err, &ke) {
		resp.Diagnostics.AddWarning("Topic Not Validated Against The Cluster",
			fmt.Sprintf("Could not ask cluster %q to validate topic %q: %s. The plan was not checked against the brokers.", cl.Key, name, kafka.Explain(err)))
		return
	}
	at, summary := path.Empty(), "Topic Refused By The Cluster"
	switch ke {
	case kerr.InvalidReplicationFactor:
		at, summary = path.Root("replication_factor"), "Invalid Replication Factor"
	case kerr.InvalidPartitions:
		at, summary = path.Root("partitions"), "Invalid Partitions"
	case kerr.InvalidConfig, kerr.InvalidRequest:
		at, summary = path.Root("config"), "Invalid Topic Config"
	case kerr.InvalidTopicException:
		at, summary = path.Root("name"), "Invalid Topic Name"
	case kerr.TopicAlreadyExists:
		if cl.Managed(name) {
			return // in the state and being replaced: the apply deletes it first
		}
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Topic Already Exists",
			fmt.Sprintf("Topic %q already exists on cluster %q and is not managed by this configuration. "+
				"Import it with an import block (id = %q) or `terraform import`, or choose another name.",
				name, cl.Key, ids.Topic(cl.Key, name)))
		return
	}
	doing := fmt.Sprintf("Checking %s of topic %q on cluster %q (validate only, nothing changed)", op, name, cl.Key)
	resp.Diagnostics.Append(diags.KafkaAt(at, summary, doing, err))
}

// addPlacementError reports a placement refusal at the attribute it names.
func addPlacementError(d *diag.Diagnostics, summary string, err error) {
	var fe *placement.FieldError
	if !errors.As(err, &fe) {
		d.AddError(summary, err.Error()+".")
		return
	}
	at := path.Empty()
	for _, s := range fe.Path {
		switch s := s.(type) {
		case placement.Attr:
			at = at.AtName(string(s))
		case placement.Index:
			at = at.AtListIndex(int(s))
		case placement.Key:
			at = at.AtMapKey(string(s))
		}
	}
	d.AddAttributeError(at, summary, fe.Error()+".")
}

// layoutDiag reports a failed step of laying out topic name; describe is the
// summary when the brokers could not be read.
func layoutDiag(err error, describe, name, cluster string) diag.Diagnostic {
	doing := func(what string) string { return fmt.Sprintf("%s of topic %q on cluster %q", what, name, cluster) }
	step, cause := kafka.StepCreate, err
	var le *kafka.LayoutError
	if errors.As(err, &le) {
		step, cause = le.Step, le.Err
	}
	switch step {
	case kafka.StepDescribe:
		return diags.Kafka(describe, fmt.Sprintf("DESCRIBE of cluster %q", cluster), cause)
	case kafka.StepAddPartitions:
		return diags.Kafka("Partitions Not Added", doing("ALTER (adding partitions)"), cause)
	case kafka.StepPlace:
		return diags.Kafka("Replicas Not Placed", doing("ALTER (reassigning replicas, electing preferred leaders)"), cause)
	case kafka.StepReplicationFactor:
		return diags.Kafka("Replication Factor Not Changed", doing("ALTER (reassigning replicas)"), cause)
	default:
		return diags.Kafka("Topic Not Created", doing("CREATE"), cause)
	}
}

// configChanges turns the difference between the config in state and the
// planned one into incremental operations: set new or changed keys, reset
// removed ones.
func configChanges(old, planned map[string]string) []kafka.ConfigChange {
	set, reset := mapdiff.Diff(old, planned)
	out := make([]kafka.ConfigChange, 0, len(set)+len(reset))
	for _, k := range slices.Sorted(maps.Keys(set)) {
		out = append(out, kafka.ConfigChange{Key: k, Value: set[k]})
	}
	for _, k := range reset {
		out = append(out, kafka.ConfigChange{Key: k, Delete: true})
	}
	return out
}

// alterConfig applies the config change of a topic; false after an error.
func alterConfig(ctx context.Context, cl *kafka.Cluster, name string, prior, planned types.Map, d *diag.Diagnostics) bool {
	old, dd := stringMap(ctx, prior)
	d.Append(dd...)
	cfg, dd := stringMap(ctx, planned)
	d.Append(dd...)
	if err := cl.AlterTopicConfig(ctx, name, configChanges(old, cfg), false); err != nil {
		d.Append(diags.Kafka("Topic Config Not Changed", fmt.Sprintf("ALTER_CONFIGS of topic %q on cluster %q", name, cl.Key), err))
		return false
	}
	return true
}

// openTopic decodes src (a plan or state) into a topic model and returns it
// with the topic's cluster and ctx bounded by the timeout op picks from the
// model (def by default); a nil cluster after an error.
func openTopic[M any, P topicModelOf[M]](ctx context.Context, data *providerData, src interface {
	Get(context.Context, any) diag.Diagnostics
}, op timeoutOf, def time.Duration, d *diag.Diagnostics) (P, *kafka.Cluster, context.Context, context.CancelFunc) {
	m := P(new(M))
	d.Append(src.Get(ctx, m)...)
	if d.HasError() {
		return m, nil, ctx, nil
	}
	to, dd := op(m.base().Timeouts, ctx, def)
	d.Append(dd...)
	cl := clusterOf(data, m.base().Cluster.ValueString(), d)
	if d.HasError() {
		return m, nil, ctx, nil
	}
	ctx, cancel := context.WithTimeout(ctx, to)
	return m, cl, ctx, cancel
}

// createTopic is the Create of both topic resources; create creates the
// topic as the plan lays it out, with the config cfg.
func createTopic[M any, P topicModelOf[M]](ctx context.Context, data *providerData, req resource.CreateRequest, resp *resource.CreateResponse,
	create func(ctx context.Context, cl *kafka.Cluster, plan P, cfg map[string]string) (*kafka.Topic, error)) {
	plan, cl, ctx, cancel := openTopic[M, P](ctx, data, req.Plan, timeouts.Value.Create, defaultCreateTimeout, &resp.Diagnostics)
	if cl == nil {
		return
	}
	defer cancel()
	b := plan.base()
	cfg, d := stringMap(ctx, b.Config)
	resp.Diagnostics.Append(d...)
	name := b.Name.ValueString()
	t, err := create(ctx, cl, plan, cfg)
	if err != nil {
		resp.Diagnostics.Append(layoutDiag(err, "Topic Not Created", name, cl.Key))
		if kafka.MayExist(err) {
			// Saved with the error, so Terraform marks it tainted: the next
			// plan reads whether the topic exists and replaces it if so,
			// rather than refusing a topic it does not know.
			b.ID, b.Cluster = types.StringValue(ids.Topic(cl.Key, name)), types.StringValue(cl.Key)
			resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
			resp.State.Raw = nullUnknowns(resp.State.Raw)
			resp.Diagnostics.AddWarning("Topic May Exist",
				fmt.Sprintf("Cluster %q may have created topic %q before the error. It is saved as tainted: the next plan checks, and replaces it if it is there.", cl.Key, name))
		}
		return
	}
	b.ID = types.StringValue(ids.Topic(cl.Key, name))
	b.Cluster = types.StringValue(cl.Key)
	b.TopicID = types.StringValue(t.ID)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// updateTopic is the Update of both topic resources: relayout changes the
// partitions and replicas from the state's layout to the plan's, then the
// config changes. The topic id stays: the plan carries the state's.
func updateTopic[M any, P topicModelOf[M]](ctx context.Context, data *providerData, req resource.UpdateRequest, resp *resource.UpdateResponse,
	relayout func(ctx context.Context, cl *kafka.Cluster, plan, state P) error) {
	state := P(new(M))
	resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	plan, cl, ctx, cancel := openTopic[M, P](ctx, data, req.Plan, timeouts.Value.Update, defaultUpdateTimeout, &resp.Diagnostics)
	if cl == nil {
		return
	}
	defer cancel()
	b := plan.base()
	name := b.Name.ValueString()
	if err := relayout(ctx, cl, plan, state); err != nil {
		resp.Diagnostics.Append(layoutDiag(err, "Topic Not Updated", name, cl.Key))
		return
	}
	if !alterConfig(ctx, cl, name, state.base().Config, b.Config, &resp.Diagnostics) {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// refreshTopic is the Read of both topic resources. fill maps what the
// cluster says into the attributes of one resource and reports whether the
// state came from an import; refreshTopic sets the shared ones. A topic that
// is gone is removed from state.
func refreshTopic[M any, P topicModelOf[M]](ctx context.Context, data *providerData, req resource.ReadRequest, resp *resource.ReadResponse,
	fill func(context.Context, P, *kafka.Cluster, *kafka.Topic) (importing bool)) {
	if keepOffline(ctx, data, req.State, "cluster", &resp.Diagnostics) {
		return
	}
	st, cl, ctx, cancel := openTopic[M, P](ctx, data, req.State, timeouts.Value.Read, defaultReadTimeout, &resp.Diagnostics)
	if cl == nil {
		return
	}
	defer cancel()
	b := st.base()
	name := b.Name.ValueString()
	cl.Manage(name)
	t, err := cl.Topic(ctx, name)
	if err != nil {
		resp.Diagnostics.Append(diags.Kafka("Topic Not Read", fmt.Sprintf("DESCRIBE of topic %q on cluster %q", name, cl.Key), err))
		return
	}
	if t == nil {
		tflog.Warn(ctx, "topic no longer exists; removing it from state", map[string]any{"cluster": cl.Key, "topic": name})
		resp.State.RemoveResource(ctx)
		return
	}
	importing := fill(ctx, st, cl, t)
	if resp.Diagnostics.HasError() {
		return
	}
	b.ID = types.StringValue(ids.Topic(cl.Key, name))
	b.Cluster = types.StringValue(cl.Key)
	b.TopicID = types.StringValue(t.ID)
	if b.ForceDestroy.IsNull() {
		b.ForceDestroy = types.BoolValue(false)
	}
	var d diag.Diagnostics
	b.Config, d = readConfig(ctx, b.Config, t, importing)
	resp.Diagnostics.Append(d...)
	resp.Diagnostics.Append(resp.State.Set(ctx, st)...)
}

// readConfig reports the cluster's current value of every declared key, so
// an out-of-band change shows as drift, and ignores undeclared keys. On
// import, every override set on the topic is taken.
func readConfig(ctx context.Context, declared types.Map, t *kafka.Topic, importing bool) (types.Map, diag.Diagnostics) {
	if importing {
		o := t.Overrides()
		if len(o) == 0 {
			return types.MapNull(types.StringType), nil
		}
		return types.MapValueFrom(ctx, types.StringType, o)
	}
	if declared.IsNull() || declared.IsUnknown() {
		return declared, nil
	}
	out := map[string]attr.Value{}
	for k, v := range declared.Elements() {
		e, ok := t.Entry(k)
		switch {
		case !ok:
			continue // the broker no longer knows the key: show it as to be set
		case e.Sensitive:
			out[k] = v // the broker hides sensitive values
		default:
			out[k] = types.StringValue(e.Value)
		}
	}
	return types.MapValue(types.StringType, out)
}

// importTopic sets what an import knows before the first refresh.
func importTopic(ctx context.Context, resp *resource.ImportStateResponse, key, name string) {
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), ids.Topic(key, name))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("cluster"), key)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("force_destroy"), false)...)
}

// deleteTopic is the Delete of both topic resources.
func deleteTopic[M any, P topicModelOf[M]](ctx context.Context, data *providerData, req resource.DeleteRequest, d *diag.Diagnostics) {
	st, cl, ctx, cancel := openTopic[M, P](ctx, data, req.State, timeouts.Value.Delete, defaultDeleteTimeout, d)
	if cl == nil {
		return
	}
	defer cancel()
	destroyTopic(ctx, cl, st.base().Name.ValueString(), st.base().ForceDestroy.ValueBool(), d)
}

// destroyTopic deletes a topic unless it holds records and force is false,
// and waits until the cluster no longer lists it.
func destroyTopic(ctx context.Context, cl *kafka.Cluster, name string, force bool, d *diag.Diagnostics) {
	if !force {
		n, err := cl.RecordCount(ctx, name)
		if err != nil && !errors.Is(err, kerr.UnknownTopicOrPartition) {
			d.Append(diags.Kafka("Topic Not Destroyed", fmt.Sprintf("Counting the records of topic %q on cluster %q", name, cl.Key), err))
			return
		}
		if n > 0 {
			d.AddError("Topic Holds Records",
				fmt.Sprintf("Topic %q on cluster %q holds %d records, and force_destroy is false, so it was not destroyed. "+
					"To delete the topic and its data, set force_destroy = true, apply, then destroy. "+
					"To keep the data, remove the resource from the configuration with a removed block (or terraform state rm) instead.",
					name, cl.Key, n))
			return
		}
	}
	if err := cl.DeleteTopic(ctx, name); err != nil {
		d.Append(diags.Kafka("Topic Not Destroyed", fmt.Sprintf("DELETE of topic %q on cluster %q", name, cl.Key), err))
	}
}

// nullUnknowns turns the values still unknown in a state into nulls: a
// state Terraform saves must be known.
func nullUnknowns(v tftypes.Value) tftypes.Value {
	out, _ := tftypes.Transform(v, func(_ *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if !v.IsKnown() {
			return tftypes.NewValue(v.Type(), nil), nil
		}
		return v, nil
	})
	return out
}
