package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// KillReport is what the kill scenario measured.
type KillReport struct {
	Produced          int       `json:"acknowledged_before_failure"`
	RPORecords        int       `json:"rpo_records"`
	RPOSeconds        float64   `json:"rpo_seconds"`
	FailoverApplyS    float64   `json:"failover_apply_seconds"`
	RTOSeconds        float64   `json:"rto_seconds"`
	DuplicatesFail    int       `json:"consumer_duplicates_failover"`
	UnseenFail        int       `json:"acknowledged_never_consumed_failover"`
	RecoveredOnOld    int       `json:"rpo_records_found_on_restarted_cluster"`
	CatchUp           *Recovery `json:"catch_up"`
	CatchUpSeconds    float64   `json:"reverse_link_catch_up_seconds"`
	FailbackLost      int       `json:"failback_lost_records"`
	FailbackDowntimeS float64   `json:"failback_write_pause_seconds"`
	DuplicatesBack    int       `json:"consumer_duplicates_failback"`
	UnseenTotal       int       `json:"acknowledged_never_consumed_total"`
	GroupBehindFail   int64     `json:"group_offsets_behind_end_at_failover"`
	GroupSyncSeconds  float64   `json:"group_offsets_synced_seconds"`
	RecopiedOnEUWest  int       `json:"records_twice_in_eu_west"`
	RecopiedOnUSEast  int       `json:"records_twice_in_us_east"`
	TotalAcked        int       `json:"acknowledged_total"`
}

// Recovery is what bringing us-east back with catch_up found: the records
// acknowledged on us-east that eu-west lacks, and their copies.
type Recovery struct {
	Counted      int64       `json:"stranded_records_counted_by_apply"`
	Stranded     int         `json:"stranded_records"`
	Recovered    int         `json:"stranded_records_recovered"`
	Seconds      float64     `json:"catch_up_seconds"`
	CopiedTwice  int         `json:"catch_up_records_already_on_eu_west"`
	NotRecovered int         `json:"stranded_records_not_recovered"`
	copies       map[int]int // sequence numbers in the catch-up topic
}

// PartitionReport is what the partition scenario measured.
type PartitionReport struct {
	AckedBeforeCut   int       `json:"acknowledged_on_us_east_before_partition"`
	RPORecords       int       `json:"rpo_records"`
	RPOSeconds       float64   `json:"rpo_seconds"`
	FailoverApplyS   float64   `json:"failover_apply_seconds"`
	RTOSeconds       float64   `json:"rto_seconds"`
	SplitBrainAcked  int       `json:"acknowledged_on_us_east_after_failover"`
	FenceSeconds     float64   `json:"writes_on_us_east_refused_after_seconds"`
	CatchUp          *Recovery `json:"catch_up"`
	ReverseSeconds   float64   `json:"reverse_link_catch_up_seconds"`
	Duplicates       int       `json:"consumer_duplicates"`
	Lost             int       `json:"acknowledged_records_lost"`
	TotalAckedUSEast int       `json:"acknowledged_on_us_east_total"`
	TotalAckedEUWest int       `json:"acknowledged_on_eu_west_total"`
}

// Reports are the scenarios that ran, saved as .lab/drill/report.json.
type Reports struct {
	Kill      *KillReport      `json:"kill,omitempty"`
	Partition *PartitionReport `json:"partition,omitempty"`
	Migration *MigrationReport `json:"migration,omitempty"`
	MidApply  *MidApplyReport  `json:"mid_apply,omitempty"`
}

// save writes and prints the reports. A record lost in the planned
// fail-back fails the drill, since a switchover that waits for the link
// should lose none; so does, after the split brain, an acknowledged record
// that is on neither cluster or a stranded one the catch-up did not bring
// over. The unplanned fail-overs' RPO is only measured.
func (rs Reports) save() error {
	b, err := json.MarshalIndent(rs, "", "  ")
	if err != nil {
		return err
	}
	path := filepath.Join(".lab", "drill", "report.json")
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return err
	}
	var errs []error
	if r := rs.Kill; r != nil {
		fmt.Printf(`
=== disaster-recovery drill, us-east killed (financial-dr, %d records/s, acks=all)
fail-over:
  acknowledged on us-east before the failure  %d
  RPO: acknowledged records missing on eu-west %d (%.2f s of writes)
  fail-over apply                              %.1f s
  RTO: failure to first write on eu-west       %.1f s
  group offsets behind the end on eu-west      %d
  duplicates seen by the consumer group        %d
  acknowledged but never consumed              %d
us-east restarted, brought back with catch_up:
  RPO records found again on us-east           %d
  records only on us-east (stranded)           %d, counted by the apply %d
  recovered into us-east.fdr.trades on eu-west %d in %.1f s
fail-back:
  reverse link caught up in                    %.1f s
  group offsets synced to us-east in           %.1f s
  records lost in the planned fail-back        %d
  writes paused for                            %.1f s
  duplicates seen by the consumer group        %d
in all: %d acknowledged, %d never consumed; records held twice: %d in us-east, %d in eu-west
`, rate, r.Produced, r.RPORecords, r.RPOSeconds, r.FailoverApplyS, r.RTOSeconds, r.GroupBehindFail, r.DuplicatesFail, r.UnseenFail,
			r.RecoveredOnOld, r.CatchUp.Stranded, r.CatchUp.Counted, r.CatchUp.Recovered, r.CatchUp.Seconds, r.CatchUpSeconds, r.GroupSyncSeconds, r.FailbackLost, r.FailbackDowntimeS, r.DuplicatesBack,
			r.TotalAcked, r.UnseenTotal, r.RecopiedOnUSEast, r.RecopiedOnEUWest)
		if r.FailbackLost > 0 {
			errs = append(errs, errors.New("records were lost in the planned fail-back"))
		}
		if r.CatchUp.NotRecovered > 0 {
			errs = append(errs, fmt.Errorf("kill scenario: %d acknowledged records only on us-east were not recovered", r.CatchUp.NotRecovered))
		}
	}
	if r := rs.Partition; r != nil {
		fmt.Printf(`
=== disaster-recovery drill, us-east cut off while alive (split brain, %d records/s)
fail-over:
  acknowledged on us-east before the partition     %d
  RPO: acknowledged records missing on eu-west     %d (%.2f s of writes)
  fail-over apply                                  %.1f s
  RTO: partition to first write on eu-west         %.1f s
  acknowledged on us-east after the fail-over      %d
heal, us-east back with catch_up:
  writes on us-east refused after the apply began  %.1f s
  records only on us-east (stranded)               %d, counted by the apply %d
  recovered into us-east.fdr.trades on eu-west     %d in %.1f s
  catch-up copies already on eu-west               %d
  reverse link caught up in                        %.1f s
  duplicates seen by the consumer group            %d
in all: %d acknowledged on us-east, %d on eu-west; lost %d, stranded and not recovered %d
`, rate, r.AckedBeforeCut, r.RPORecords, r.RPOSeconds, r.FailoverApplyS, r.RTOSeconds, r.SplitBrainAcked,
			r.FenceSeconds, r.CatchUp.Stranded, r.CatchUp.Counted, r.CatchUp.Recovered, r.CatchUp.Seconds, r.CatchUp.CopiedTwice,
			r.ReverseSeconds, r.Duplicates, r.TotalAckedUSEast, r.TotalAckedEUWest, r.Lost, r.CatchUp.NotRecovered)
		if r.Lost > 0 {
			errs = append(errs, fmt.Errorf("partition scenario: %d acknowledged records are on eu-west neither as written nor as recovered", r.Lost))
		}
		if r.CatchUp.NotRecovered > 0 {
			errs = append(errs, fmt.Errorf("partition scenario: %d stranded records were not recovered", r.CatchUp.NotRecovered))
		}
	}
	if r := rs.Migration; r != nil {
		fmt.Printf(`
=== move off ZooKeeper (zk-to-kraft: legacy, Kafka 3.9 on ZooKeeper -> us-east, Kafka 4 on KRaft)
before the cut-over:
  records written on legacy                    %d
  read there by the group, which then stopped  %d
  every record on kraft after                  %.1f s
  the group's offsets on kraft after           %.1f s
  check caught_up passed                       %v
cut-over (cut_over = true):
  apply                                        %.1f s
  producer refused on legacy                   %v
  new records written on kraft                 %d, read by the group %d
  old records read again by the group          %d
  records of legacy missing on kraft           %d, at another offset %d
  producer_byte_rate on kraft                  %.0f
  plan refused after a straggler on legacy     %v
`, r.Records, r.Consumed, r.CopySeconds, r.GroupSyncSeconds, r.CheckPassed, r.CutOverApplyS, r.LegacyRefused,
			r.NewRecords, r.NewConsumed, r.ReRead, r.Missing, r.Misplaced, r.QuotaOnKraft, r.StragglerRefused)
		errs = append(errs, r.failures()...)
	}
	if r := rs.MidApply; r != nil {
		fmt.Printf("\n=== faults in the middle of an apply\n")
		for _, f := range []struct {
			what, objects string
			r             FaultReport
		}{{"stretch-2 killed while 200 topics are created and 20 go from 2 to 3 replicas", "topics", r.Broker},
			{"Kafka Connect killed while two links are created", "connectors", r.Connect}} {
			outcome := "succeeded"
			if !f.r.ApplyOK {
				outcome = "failed: " + f.r.ApplyError
			}
			fmt.Printf(`%s:
  killed after                                 %.1f s, with %d new %s there
  the interrupted apply                        %s, after %.1f s
  the apply after the restart                  %.1f s
  then: plan empty %v; missing %d, unexpected %d, half done %d
`, f.what, f.r.KilledAfterS, f.r.PresentAtKil, f.objects, outcome, f.r.ApplyS, f.r.ConvergeS, f.r.PlanEmpty, f.r.Missing, f.r.Unexpected, f.r.HalfDone)
		}
		fmt.Printf("  records copied by the two links after it     %d of 200\n", r.Connect.Copied)
		errs = append(errs, r.failures()...)
	}
	fmt.Printf("report: %s\n", path)
	return errors.Join(errs...)
}
