package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"time"
)

// measurePlans times `terraform plan` of 3 x N untouched topics from the CI
// runner at every RTT, the RTTs taking turns in each run, and returns the
// results by RTT in ms. The topics are created and destroyed at 0 ms.
func measurePlans(ctx context.Context, l *lab, o options) (map[int]*planResult, error) {
	dir := filepath.Join(l.root, "tradeoffs", "plan")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	src, err := os.ReadFile("examples/bench/topics/main.tf")
	if err != nil {
		return nil, err
	}
	servers := map[string][]string{}
	for _, c := range []string{"us-east", "eu-west", "ap-south"} {
		servers[c] = addrs(c, "ci")
	}
	vars, _ := json.Marshal(map[string]any{"topics_per_cluster": o.planTopics, "bootstrap_servers": servers, "prefix": "tradeoffs-plan"})
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), src, 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "terraform.tfvars.json"), vars, 0o644); err != nil {
		return nil, err
	}
	_ = os.Remove(filepath.Join(dir, ".terraform.lock.hcl"))
	tf := func(args ...string) error {
		cmd := exec.Command(l.terraform, append(args, "-no-color", "-input=false")...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+l.terraformrc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if args[0] == "plan" && errors.As(err, &ee) && ee.ExitCode() == 2 {
			return fmt.Errorf("the plan of untouched topics shows changes:\n%s", out)
		}
		if err != nil {
			return fmt.Errorf("terraform %s: %w\n%s", args[0], err, out)
		}
		return nil
	}
	total := 3 * o.planTopics
	if err := l.setRTT(ctx, 0); err != nil {
		return nil, err
	}
	if err := tf("init"); err != nil {
		return nil, err
	}
	logf("creating %d topics for the plan measurement (at 0 ms)", total)
	if err := tf("apply", "-auto-approve", fmt.Sprintf("-parallelism=%d", o.parallelism)); err != nil {
		return nil, err
	}
	defer func() {
		logf("destroying the %d topics", total)
		if err := l.setRTT(ctx, 0); err == nil {
			if err := tf("destroy", "-auto-approve", fmt.Sprintf("-parallelism=%d", o.parallelism)); err != nil {
				logf("%v", err)
			}
		}
	}()
	runs := map[int][]float64{}
	for i := 1; i <= o.planRuns; i++ {
		for _, rtt := range o.rtts {
			if err := l.setRTT(ctx, rtt); err != nil {
				return nil, err
			}
			t0 := time.Now()
			if err := tf("plan", "-refresh=true", "-detailed-exitcode", fmt.Sprintf("-parallelism=%d", o.parallelism)); err != nil {
				return nil, fmt.Errorf("plan at %d ms: %w", rtt.Milliseconds(), err)
			}
			s := time.Since(t0).Seconds()
			runs[int(rtt.Milliseconds())] = append(runs[int(rtt.Milliseconds())], s)
			logf("  plan %d of %d topics at %3d ms: %.1f s", i, total, rtt.Milliseconds(), s)
		}
	}
	out := map[int]*planResult{}
	for rtt, rs := range runs {
		out[rtt] = &planResult{Topics: total, RunsS: rs, MedianS: median(rs)}
	}
	if zero := out[0]; zero != nil {
		for _, p := range out {
			p.RatioToZero = float64(int(p.MedianS/zero.MedianS*1000+0.5)) / 1000
		}
	}
	return out, nil
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[(len(s)-1)/2]
}
