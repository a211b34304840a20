package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Report is what the drill measured; it is printed and saved as JSON.
type Report struct {
	Produced          int     `json:"acknowledged_before_failure"`
	RPORecords        int     `json:"rpo_records"`
	RPOSeconds        float64 `json:"rpo_seconds"`
	FailoverApplyS    float64 `json:"failover_apply_seconds"`
	RTOSeconds        float64 `json:"rto_seconds"`
	DuplicatesFail    int     `json:"consumer_duplicates_failover"`
	UnseenFail        int     `json:"acknowledged_never_consumed_failover"`
	RecoveredOnOld    int     `json:"rpo_records_found_on_restarted_cluster"`
	CatchUpSeconds    float64 `json:"reverse_link_catch_up_seconds"`
	FailbackLost      int     `json:"failback_lost_records"`
	FailbackDowntimeS float64 `json:"failback_write_pause_seconds"`
	DuplicatesBack    int     `json:"consumer_duplicates_failback"`
	UnseenTotal       int     `json:"acknowledged_never_consumed_total"`
	GroupBehindFail   int64   `json:"group_offsets_behind_end_at_failover"`
	GroupSyncSeconds  float64 `json:"group_offsets_synced_seconds"`
	RecopiedOnEUWest  int     `json:"records_twice_in_eu_west"`
	RecopiedOnUSEast  int     `json:"records_twice_in_us_east"`
	TotalAcked        int     `json:"acknowledged_total"`
}

// report saves the measurements and prints them. A record lost in the
// planned fail-back fails the drill, since a switchover that waits for the
// link should lose none; the unplanned fail-over's RPO is only measured.
func (d *drill) report(r Report) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	path := filepath.Join(d.root, ".lab/drill/report.json")
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Printf(`
=== disaster-recovery drill (financial-dr, %d records/s, acks=all)
fail-over, us-east killed:
  acknowledged on us-east before the failure  %d
  RPO: acknowledged records missing on eu-west %d (%.2f s of writes)
  fail-over apply                              %.1f s
  RTO: failure to first write on eu-west       %.1f s
  group offsets behind the end on eu-west      %d
  duplicates seen by the consumer group        %d
  acknowledged but never consumed              %d
fail-back, us-east restarted:
  RPO records found again on us-east           %d
  reverse link caught up in                    %.1f s
  group offsets synced to us-east in           %.1f s
  records lost in the planned fail-back        %d
  writes paused for                            %.1f s
  duplicates seen by the consumer group        %d
in all: %d acknowledged, %d never consumed; records held twice: %d in us-east, %d in eu-west
report: %s
`, rate, r.Produced, r.RPORecords, r.RPOSeconds, r.FailoverApplyS, r.RTOSeconds, r.GroupBehindFail, r.DuplicatesFail, r.UnseenFail,
		r.RecoveredOnOld, r.CatchUpSeconds, r.GroupSyncSeconds, r.FailbackLost, r.FailbackDowntimeS, r.DuplicatesBack,
		r.TotalAcked, r.UnseenTotal, r.RecopiedOnUSEast, r.RecopiedOnEUWest, path)
	if r.FailbackLost > 0 {
		return errors.New("records were lost in the planned fail-back")
	}
	return nil
}
