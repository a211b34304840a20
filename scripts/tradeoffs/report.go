package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

type latency struct {
	Samples int     `json:"samples"`
	P50ms   float64 `json:"p50_ms"`
	P99ms   float64 `json:"p99_ms"`
}

type linkResult struct {
	EndToEnd      latency `json:"end_to_end"`
	RatePerSec    int     `json:"rate_per_sec"`
	WindowSamples int     `json:"window_samples"`
	WindowMean    float64 `json:"window_mean_records"`
	WindowP99     int64   `json:"window_p99_records"`
	WindowMax     int64   `json:"window_max_records"`
}

type planResult struct {
	Topics  int       `json:"topics"`
	RunsS   []float64 `json:"runs_s"`
	MedianS float64   `json:"median_s"`
	// RatioToZero is the median over the median at 0 ms.
	RatioToZero float64 `json:"ratio_to_zero_rtt"`
}

type row struct {
	RTTms           int         `json:"rtt_ms"`
	Regional        latency     `json:"produce_regional"`
	Stretched       latency     `json:"produce_stretched"`
	StretchedPinned latency     `json:"produce_stretched_pinned"`
	Link            linkResult  `json:"async_link"`
	Plan            *planResult `json:"plan,omitempty"`
}

type report struct {
	Machine string `json:"machine"`
	Started string `json:"started"`
	Note    string `json:"note"`
	Rows    []row  `json:"rows"`
}

func machine() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s, %d CPUs, %s/%s", host, runtime.NumCPU(), runtime.GOOS, runtime.GOARCH)
}

func (r report) write(dir string) error {
	r.Note = "One machine, loopback links through Toxiproxy with the RTT split evenly each way; " +
		"produce latency is one record at a time with acks=all from us-east; the window is sampled at random instants."
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	f := filepath.Join(dir, "report.json")
	if err := os.WriteFile(f, append(b, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Println()
	fmt.Println(r.table())
	fmt.Printf("report: %s\n", f)
	return nil
}

// table is the Markdown table of the multi-region patterns guide: one row
// per measure, one column per RTT.
func (r report) table() string {
	var b strings.Builder
	b.WriteString("| measured at RTT between regions |")
	for _, x := range r.Rows {
		fmt.Fprintf(&b, " %d ms |", x.RTTms)
	}
	b.WriteString("\n|---|" + strings.Repeat("---|", len(r.Rows)) + "\n")
	line := func(name string, cell func(row) string) {
		b.WriteString("| " + name + " |")
		for _, x := range r.Rows {
			b.WriteString(" " + cell(x) + " |")
		}
		b.WriteString("\n")
	}
	line("produce, regional topic (p50 / p99)", func(x row) string { return x.Regional.String() })
	line("produce, stretched topic, leaders spread over the regions", func(x row) string { return x.Stretched.String() })
	line("produce, stretched topic, leaders in the writer's region", func(x row) string { return x.StretchedPinned.String() })
	line("async link us-east to eu-west, end to end", func(x row) string { return x.Link.EndToEnd.String() })
	line(fmt.Sprintf("async window, records at %d/s (mean / p99 / max)", r.rate()), func(x row) string {
		return fmt.Sprintf("%.1f / %d / %d", x.Link.WindowMean, x.Link.WindowP99, x.Link.WindowMax)
	})
	if len(r.Rows) > 0 && r.Rows[0].Plan != nil {
		line(fmt.Sprintf("plan of %d untouched topics from the CI runner (median, ratio to 0 ms)", r.Rows[0].Plan.Topics), func(x row) string {
			if x.Plan == nil {
				return "-"
			}
			return fmt.Sprintf("%.1f s (%.2fx)", x.Plan.MedianS, x.Plan.RatioToZero)
		})
	}
	return b.String()
}

func (l latency) String() string { return fmt.Sprintf("%.1f / %.1f ms", l.P50ms, l.P99ms) }

func (r report) rate() int {
	if len(r.Rows) == 0 {
		return 0
	}
	return r.Rows[0].Link.RatePerSec
}
