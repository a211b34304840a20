package main

import (
	"context"
	"time"
)

// runKill is the kill scenario's timeline (see the package comment).
func (d *drill) runKill() (*KillReport, error) {
	r := &KillReport{}
	destroy, err := d.setUp()
	if err != nil {
		return nil, err
	}
	defer destroy()

	// Phase 1: steady state on us-east.
	ctx, stopConsumer := context.WithCancel(context.Background())
	consumed := d.consume(ctx, "us-east")
	prodCtx, stopProducer := context.WithCancel(context.Background())
	produced := d.produce(prodCtx, "us-east", d.plain("us-east"), nil)
	if err := d.waitConsumed(60 * time.Second); err != nil {
		return nil, err
	}
	// Steady state: the link translates the group's offsets to eu-west.
	if _, err := d.waitGroupSynced("eu-west", 10*rate, 90*time.Second); err != nil {
		return nil, err
	}
	time.Sleep(10 * time.Second)

	// Phase 2: us-east is lost.
	failedAt := time.Now()
	if err := d.sigkill("us-east-1"); err != nil {
		return nil, err
	}
	d.logf("killed us-east")
	// The clients on us-east notice by themselves; the fail-over starts at
	// once (the drill's failure detection takes no time: add yours).
	stopConsumer()
	stopProducer()
	applyAt := time.Now()
	if err := d.tf("apply", "-auto-approve", "-var", "active=secondary", "-var", `offline_clusters=["us-east"]`); err != nil {
		return nil, err
	}
	r.FailoverApplyS = time.Since(applyAt).Seconds()
	<-consumed
	// The clients move at once; the old producer's writes still in flight to
	// the dead cluster are given up meanwhile (they count as unacknowledged).
	lostProducer := produced
	ctx, stopConsumer = context.WithCancel(context.Background())
	r.GroupBehindFail = d.groupBehind("eu-west")
	consumed = d.consume(ctx, "eu-west")
	prodCtx, stopProducer = context.WithCancel(context.Background())
	firstWrite := make(chan time.Time, 1)
	produced = d.produce(prodCtx, "eu-west", d.plain("eu-west"), firstWrite)
	r.RTOSeconds = (<-firstWrite).Sub(failedAt).Seconds()
	d.logf("first write acknowledged on eu-west %.1fs after the failure", r.RTOSeconds)
	<-lostProducer
	d.mu.Lock()
	r.Produced = len(d.acked["us-east"])
	d.mu.Unlock()

	onEU, err := d.readAll("eu-west", topic)
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	lost := missing(d.acked["us-east"], onEU)
	d.mu.Unlock()
	r.RPORecords = len(lost)
	if len(lost) > 0 {
		// The records are written at a steady rate: the gap in seconds.
		r.RPOSeconds = float64(len(lost)) / rate
	}
	time.Sleep(15 * time.Second)
	d.mu.Lock()
	r.DuplicatesFail, r.UnseenFail = d.duplicates(), len(missing(d.acked["us-east"], d.seen))
	d.mu.Unlock()

	// Phase 3: us-east is back; the link copies eu-west into it.
	if err := d.labUp(); err != nil {
		return nil, err
	}
	onUS, err := d.readAll("us-east", topic)
	if err != nil {
		return nil, err
	}
	r.RecoveredOnOld = len(lost) - len(missing(lost, onUS))
	// Back as after a split brain: what only us-east holds is copied over.
	if err := d.tf("apply", "-auto-approve", "-var", "active=secondary", "-var", "catch_up=true"); err != nil {
		return nil, err
	}
	if r.CatchUp, err = d.recoverStranded(); err != nil {
		return nil, err
	}
	if err := d.tf("apply", "-auto-approve", "-var", "active=secondary"); err != nil {
		return nil, err
	}
	time.Sleep(10 * time.Second)
	// Planned fail-back: stop writes, let the link and the offsets catch up.
	stopProducer()
	<-produced
	pausedAt := time.Now()
	if r.CatchUpSeconds, err = d.waitCopied("eu-west", "us-east", topic, 120*time.Second); err != nil {
		return nil, err
	}
	stopConsumer()
	<-consumed
	if r.GroupSyncSeconds, err = d.waitGroupSynced("us-east", 2*rate, 120*time.Second); err != nil {
		return nil, err
	}
	if err := d.tf("apply", "-auto-approve", "-var", "active=primary", "-var", "start_from=latest"); err != nil {
		return nil, err
	}
	ctx, stopConsumer = context.WithCancel(context.Background())
	consumed = d.consume(ctx, "us-east")
	prodCtx, stopProducer = context.WithCancel(context.Background())
	firstWrite = make(chan time.Time, 1)
	produced = d.produce(prodCtx, "us-east", d.plain("us-east"), firstWrite)
	r.FailbackDowntimeS = (<-firstWrite).Sub(pausedAt).Seconds()
	time.Sleep(10 * time.Second)
	stopProducer()
	<-produced
	time.Sleep(10 * time.Second)
	stopConsumer()
	<-consumed

	onUS, err = d.readAll("us-east", topic)
	if err != nil {
		return nil, err
	}
	onEU, err = d.readAll("eu-west", topic)
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	r.FailbackLost = len(missing(d.acked["eu-west"], onUS))
	r.DuplicatesBack = d.duplicates() - r.DuplicatesFail
	var all []int
	for _, s := range d.acked {
		all = append(all, s...)
	}
	r.TotalAcked = len(all)
	r.UnseenTotal = len(missing(all, d.seen))
	d.mu.Unlock()
	for _, n := range onEU {
		if n > 1 {
			r.RecopiedOnEUWest++
		}
	}
	for _, n := range onUS {
		if n > 1 {
			r.RecopiedOnUSEast++
		}
	}
	return r, nil
}
