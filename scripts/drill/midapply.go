package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/geokafka/terraform-provider-geokafka/internal/connect"
)

// The mid-apply scenario kills a process while an apply is writing to it,
// then brings it back and applies again:
//
//  1. a broker of the stretch cluster (stretch-2), killed once the first of
//     200 new topics exists, while the same apply also raises the
//     replication factor of 20 others from 2 to 3;
//  2. the Kafka Connect worker, killed once the first connector of two new
//     replication links exists.
//
// The interrupted apply must end, with success or an error, within the
// resources' timeouts; the apply after the restart must succeed, leave every
// topic once with its partitions and replication factor and no reassignment
// in progress, every connector running and copying, nothing else; and the
// plan after it must be empty.
const (
	midNewTopics = 200
	midOldTopics = 20
	// interruptedLimit bounds the interrupted apply: its plan, then the
	// resources' 2m timeouts, with room to spare. Past it the apply is
	// stopped and the scenario fails.
	interruptedLimit = 5 * time.Minute
)

// FaultReport is what one fault measured.
type FaultReport struct {
	KilledAfterS float64 `json:"killed_after_seconds"`
	PresentAtKil int     `json:"objects_present_at_kill"`
	ApplyOK      bool    `json:"interrupted_apply_succeeded"`
	ApplyError   string  `json:"interrupted_apply_error,omitempty"`
	ApplyS       float64 `json:"interrupted_apply_seconds"`
	ApplyStopped bool    `json:"interrupted_apply_stopped_at_limit"`
	ConvergeS    float64 `json:"converging_apply_seconds"`
	PlanEmpty    bool    `json:"plan_empty_after"`
	Missing      int     `json:"missing"`
	Unexpected   int     `json:"unexpected"`
	HalfDone     int     `json:"half_done"`
	Copied       int     `json:"records_copied,omitempty"`
}

// MidApplyReport is what the mid-apply scenario measured.
type MidApplyReport struct {
	Broker  FaultReport `json:"stretch_broker_killed"`
	Connect FaultReport `json:"connect_worker_killed"`
}

func (r *MidApplyReport) failures() []error {
	var errs []error
	for name, f := range map[string]FaultReport{"stretch broker killed": r.Broker, "Kafka Connect killed": r.Connect} {
		if f.ApplyStopped {
			errs = append(errs, fmt.Errorf("mid-apply scenario, %s: the interrupted apply did not end within %s, and was stopped", name, interruptedLimit))
		}
		if !f.PlanEmpty || f.Missing > 0 || f.Unexpected > 0 || f.HalfDone > 0 {
			errs = append(errs, fmt.Errorf("mid-apply scenario, %s: plan empty %v, %d missing, %d unexpected, %d half done after the converging apply",
				name, f.PlanEmpty, f.Missing, f.Unexpected, f.HalfDone))
		}
	}
	return errs
}

func (d *drill) runMidApply() (*MidApplyReport, error) {
	r := &MidApplyReport{}
	for key, env := range map[string]string{"stretch": "LAB_STRETCH_BOOTSTRAP", "ap-south": "LAB_AP_SOUTH_BOOTSTRAP"} {
		v, err := need(env)
		if err != nil {
			return nil, err
		}
		d.servers[key] = v
	}
	connectURL, err := need("LAB_CONNECT_URL")
	if err != nil {
		return nil, err
	}
	d.estate = filepath.Join(d.root, ".lab/drill/midapply")
	d.state = filepath.Join(d.estate, "terraform.tfstate")
	if err := os.RemoveAll(d.estate); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(d.estate, 0o755); err != nil {
		return nil, err
	}
	tag := "mid-" + d.tag
	if err := os.WriteFile(filepath.Join(d.estate, "main.tf"), []byte(midApplyHCL(d.servers, connectURL)), 0o644); err != nil {
		return nil, err
	}
	d.varFile = filepath.Join(d.estate, "vars.json")
	setVars := func(newTopics, oldRF int, links []string) error {
		b, _ := json.Marshal(map[string]any{"tag": tag, "new_topics": newTopics, "old_rf": oldRF, "link_targets": links})
		return os.WriteFile(d.varFile, b, 0o644)
	}
	if err := setVars(0, 2, []string{}); err != nil {
		return nil, err
	}
	if err := d.tf("init"); err != nil {
		return nil, err
	}
	if err := d.tf("apply", "-auto-approve"); err != nil {
		return nil, err
	}
	defer func() {
		if err := d.tf("destroy", "-auto-approve"); err != nil {
			d.logf("cleanup failed: %v", err)
		}
	}()

	// 1. A stretch broker killed during 200 creates and 20 reassignments.
	stretch, err := kgo.NewClient(d.plain("stretch")...)
	if err != nil {
		return nil, err
	}
	defer stretch.Close()
	adm := kadm.NewClient(stretch)
	newTopics := func() (int, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		names, err := adm.ListTopics(ctx)
		n := 0
		for _, t := range names.Names() {
			if strings.HasPrefix(t, tag+"new-") {
				n++
			}
		}
		return n, err
	}
	if err := setVars(midNewTopics, 3, []string{}); err != nil {
		return nil, err
	}
	r.Broker, err = d.interrupt("stretch-2", newTopics)
	if err != nil {
		return nil, err
	}
	converge := func(f *FaultReport) error {
		t0 := time.Now()
		if err := d.tf("apply", "-auto-approve"); err != nil {
			return fmt.Errorf("the apply after the restart: %w", err)
		}
		f.ConvergeS = time.Since(t0).Seconds()
		out, err := d.tfOut("plan", "-detailed-exitcode")
		f.PlanEmpty = err == nil && strings.Contains(out, "No changes.")
		return nil
	}
	if err := converge(&r.Broker); err != nil {
		return r, err
	}
	r.Broker.Missing, r.Broker.Unexpected, r.Broker.HalfDone, err = d.checkTopics(adm, tag)
	if err != nil {
		return r, err
	}

	// 2. The Connect worker killed while two links are created.
	cc := connect.New(connectURL)
	connectors := func() (int, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		cfgs, err := cc.Configs(ctx)
		n := 0
		for name := range cfgs {
			if strings.HasPrefix(name, "geokafka-us-east-to-") {
				n++
			}
		}
		return n, err
	}
	if err := setVars(midNewTopics, 3, []string{"eu-west", "ap-south"}); err != nil {
		return nil, err
	}
	r.Connect, err = d.interrupt("connect", connectors)
	if err != nil {
		return r, err
	}
	if err := converge(&r.Connect); err != nil {
		return r, err
	}
	r.Connect.Missing, r.Connect.Unexpected, r.Connect.HalfDone, r.Connect.Copied, err = d.checkLinks(cc, tag)
	return r, err
}

// interrupt starts the apply, kills the lab process name once present()
// counts more than before it, waits for the apply to end, and restarts the
// lab.
func (d *drill) interrupt(name string, present func() (int, error)) (FaultReport, error) {
	var f FaultReport
	before, err := present()
	if err != nil {
		return f, err
	}
	t0 := time.Now()
	done := make(chan error, 1)
	go func() {
		_, err := d.tfWithin(interruptedLimit, "apply", "-auto-approve")
		done <- err
	}()
	var applyErr error
	killed := false
	for !killed {
		select {
		case applyErr = <-done:
			return f, errors.Join(errors.New("the apply ended before anything was there to interrupt"), applyErr)
		case <-time.After(100 * time.Millisecond):
		}
		if n, err := present(); err == nil && n > before {
			if err := d.sigkill(name); err != nil {
				return f, err
			}
			f.KilledAfterS, f.PresentAtKil, killed = time.Since(t0).Seconds(), n-before, true
			d.logf("killed %s %.1f s into the apply, %d present", name, f.KilledAfterS, n)
		}
	}
	applyErr = <-done
	f.ApplyS, f.ApplyOK, f.ApplyStopped = time.Since(t0).Seconds(), applyErr == nil, errors.Is(applyErr, errStopped)
	if applyErr != nil {
		f.ApplyError = firstError(applyErr.Error())
		d.logf("the interrupted apply failed after %.1f s: %s", f.ApplyS, f.ApplyError)
	}
	if err := d.labUp(); err != nil {
		return f, err
	}
	return f, nil
}

var errorLine = regexp.MustCompile(`(?m)^Error: (.*)$`)

// firstError is the title and the message of terraform's first error: the
// first paragraph after the title that is not indented (where terraform
// names the resource and quotes the configuration), unwrapped.
func firstError(out string) string {
	m := errorLine.FindStringSubmatchIndex(out)
	if m == nil {
		return strings.SplitN(out, "\n", 2)[0]
	}
	var msg []string
	for _, l := range strings.Split(out[m[1]:], "\n") {
		switch {
		case l != "" && !strings.HasPrefix(l, " ") && !strings.HasPrefix(l, "\t"):
			msg = append(msg, strings.TrimSpace(l))
		case len(msg) > 0:
			return out[m[2]:m[3]] + ": " + strings.Join(msg, " ")
		}
	}
	return out[m[2]:m[3]] + ": " + strings.Join(msg, " ")
}

// checkTopics counts the new and raised topics that are missing, topics of
// the run that should not be there, and topics whose partitions or
// replication factor are not as declared or that are still reassigning.
func (d *drill) checkTopics(adm *kadm.Client, tag string) (missing, unexpected, halfDone int, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	want := map[string]bool{}
	for i := range midNewTopics {
		want[fmt.Sprintf("%snew-%d", tag, i)] = true
	}
	for i := range midOldTopics {
		want[fmt.Sprintf("%sold-%d", tag, i)] = true
	}
	details, err := adm.ListTopics(ctx)
	if err != nil {
		return 0, 0, 0, err
	}
	reassigning, err := adm.ListPartitionReassignments(ctx, nil)
	if err != nil {
		return 0, 0, 0, err
	}
	for name := range want {
		t, ok := details[name]
		if !ok {
			missing++
			continue
		}
		if len(t.Partitions) != 3 || t.Partitions.NumReplicas() != 3 || len(reassigning[name]) > 0 {
			halfDone++
		}
	}
	for name := range details {
		if strings.HasPrefix(name, tag) && !want[name] {
			unexpected++
		}
	}
	return missing, unexpected, halfDone, nil
}

// checkLinks counts the two links' connectors that are missing or not
// running, connectors out of us-east that are not theirs, and checks that a
// record written on us-east reaches both targets.
func (d *drill) checkLinks(cc *connect.Client, tag string) (missing, unexpected, halfDone, copied int, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	want := map[string]bool{}
	for _, target := range []string{"eu-west", "ap-south"} {
		for _, kind := range []string{"source", "checkpoint", "heartbeat"} {
			want["geokafka-us-east-to-"+target+"-"+kind] = true
		}
	}
	cfgs, err := cc.Configs(ctx)
	if err != nil {
		return 0, 0, 0, 0, err
	}
	for name := range want {
		if _, ok := cfgs[name]; !ok {
			missing++
			continue
		}
		if st, err := cc.Status(ctx, name); err != nil || st.Connector.State != connect.Running {
			halfDone++
		}
	}
	for name := range cfgs {
		if strings.HasPrefix(name, "geokafka-us-east-to-") && !want[name] {
			unexpected++
		}
	}
	src := tag + "link.orders"
	cl, err := kgo.NewClient(append(d.plain("us-east"), kgo.RequiredAcks(kgo.AllISRAcks()))...)
	if err != nil {
		return missing, unexpected, halfDone, 0, err
	}
	defer cl.Close()
	recs := make([]*kgo.Record, 100)
	for i := range recs {
		recs[i] = &kgo.Record{Topic: src, Value: []byte(fmt.Sprintf("%d", i))}
	}
	if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
		return missing, unexpected, halfDone, 0, err
	}
	for _, target := range []string{"eu-west", "ap-south"} {
		n, err := d.countWithin(target, "us-east."+src, len(recs), 90*time.Second)
		if err != nil {
			return missing, unexpected, halfDone, copied, err
		}
		if n < len(recs) {
			halfDone++
		}
		copied += n
	}
	return missing, unexpected, halfDone, copied, nil
}

// countWithin reads a topic from the start until want records or the limit.
func (d *drill) countWithin(cluster, topic string, want int, limit time.Duration) (int, error) {
	cl, err := kgo.NewClient(append(d.plain(cluster), kgo.ConsumeTopics(topic), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))...)
	if err != nil {
		return 0, err
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	n := 0
	for n < want {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			break
		}
		n += fs.NumRecords()
	}
	if n == 0 && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		d.logf("%s on %s: nothing within %s", topic, cluster, limit)
	}
	return n, nil
}

// midApplyHCL is the scenario's configuration: topics on stretch, and a
// source topic on us-east with links out of it.
func midApplyHCL(servers map[string]string, connectURL string) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    geokafka = { source = "geokafka/geokafka" }
  }
}

variable "tag" { type = string }
variable "new_topics" { type = number }
variable "old_rf" { type = number }
variable "link_targets" { type = list(string) }

provider "geokafka" {
  clusters = {
    "stretch"  = { bootstrap_servers = %[1]s }
    "us-east"  = { bootstrap_servers = %[2]s, connect_url = %[5]q }
    "eu-west"  = { bootstrap_servers = %[3]s, connect_url = %[5]q }
    "ap-south" = { bootstrap_servers = %[4]s, connect_url = %[5]q }
  }
}

locals {
  fast = { create = "2m", update = "2m", delete = "2m" }
}

resource "geokafka_topic" "old" {
  count              = %[6]d
  cluster            = "stretch"
  name               = "${var.tag}old-${count.index}"
  partitions         = 3
  replication_factor = var.old_rf
  force_destroy      = true
  timeouts           = local.fast
}

resource "geokafka_topic" "new" {
  count              = var.new_topics
  cluster            = "stretch"
  name               = "${var.tag}new-${count.index}"
  partitions         = 3
  replication_factor = 3
  force_destroy      = true
  timeouts           = local.fast
}

resource "geokafka_topic" "source" {
  cluster            = "us-east"
  name               = "${var.tag}link.orders"
  partitions         = 1
  replication_factor = 1
  force_destroy      = true
}

resource "geokafka_replication_link" "out" {
  for_each = toset(var.link_targets)
  source   = "us-east"
  target   = each.key
  topics   = ["${var.tag}link\\..*"]
  config   = { "refresh.topics.interval.seconds" = "5" }
  timeouts = local.fast
}
`, hclList(servers["stretch"]), hclList(servers["us-east"]), hclList(servers["eu-west"]), hclList(servers["ap-south"]), connectURL, midOldTopics)
}

func hclList(csv string) string {
	b, _ := json.Marshal(strings.Split(csv, ","))
	return string(b)
}
