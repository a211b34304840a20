package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// setUp applies the estate from scratch and returns what destroys it.
func (d *drill) setUp() (destroy func(), err error) {
	// A lock file from an earlier build records the checksum of an older binary.
	if err := os.Remove(filepath.Join(d.estate, ".terraform.lock.hcl")); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	if err := d.tf("init"); err != nil {
		return nil, err
	}
	if err := d.forgetEarlierRuns(); err != nil {
		return nil, err
	}
	// The topics are new and empty, so "latest" copies everything too, and
	// it discards the positions Kafka Connect kept from an earlier run's
	// link in the same direction, which point into the deleted topics.
	if err := d.tf("apply", "-auto-approve", "-var", "start_from=latest"); err != nil {
		return nil, err
	}
	return func() {
		if err := d.tf("destroy", "-auto-approve"); err != nil {
			d.logf("cleanup failed: %v", err)
		}
	}, nil
}

// tf runs terraform in the estate with the drill's own state file under
// .lab/drill, so a drill never meets state left in the example directory,
// and the scenario's variable file; it logs, as they come, the summary
// lines, the titles of warnings and each resource that took 5 s or more
// (so a slow apply says whether its plan or which resource took the time),
// and the whole output on failure.
func (d *drill) tf(args ...string) error {
	_, err := d.tfOut(args...)
	return err
}

// tfOut is tf that also returns terraform's output.
func (d *drill) tfOut(args ...string) (string, error) {
	d.logf("terraform %s", strings.Join(args, " "))
	if args[0] != "init" {
		args = append(args, "-state="+d.state, "-no-color", "-input=false")
		if d.varFile != "" {
			args = append(args, "-var-file="+d.varFile)
		}
	}
	cmd := exec.Command(d.terraform, args...)
	cmd.Dir, cmd.Env = d.estate, d.env
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		return "", fmt.Errorf("terraform %s: %w", args[0], err)
	}
	waited := make(chan error, 1)
	go func() {
		err := cmd.Wait()
		_ = pw.Close()
		waited <- err
	}()
	var out strings.Builder
	warned := map[string]bool{}
	sc := bufio.NewScanner(pr)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		l := sc.Text()
		out.WriteString(l + "\n")
		switch {
		case strings.HasPrefix(l, "Apply complete") || strings.HasPrefix(l, "Destroy complete") || strings.HasPrefix(l, "Plan:"):
			d.logf("  %s", l)
		case strings.HasPrefix(l, "Warning: ") && !warned[l]:
			warned[l] = true
			d.logf("  %s", l)
		case tookLong(l):
			d.logf("  %s", l)
		}
	}
	_, _ = io.Copy(io.Discard, pr) // a line past the buffer: let terraform finish
	if err := <-waited; err != nil {
		return "", fmt.Errorf("terraform %s: %w\n%s", args[0], err, out.String())
	}
	return out.String(), nil
}

// tookLong says whether l is terraform's "<addr>: Creation complete after
// 12s [id=…]" (or Modifications, Destruction) for a step of 5 s or more.
func tookLong(l string) bool {
	_, after, ok := strings.Cut(l, " complete after ")
	if !ok {
		return false
	}
	took, _, _ := strings.Cut(after, " ")
	dur, err := time.ParseDuration(took)
	return err == nil && dur >= 5*time.Second
}

// output reads an output of the estate's state into v.
func (d *drill) output(name string, v any) error {
	cmd := exec.Command(d.terraform, "output", "-state="+d.state, "-json", name)
	cmd.Dir, cmd.Env = d.estate, d.env
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("terraform output %s: %w", name, err)
	}
	return json.Unmarshal(out, v)
}
