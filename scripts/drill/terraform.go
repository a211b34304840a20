package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
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

// tfLimit bounds every terraform command of a drill, so that one that hangs
// fails the drill instead of running until CI's own limit. The longest
// (an estate's apply or destroy) take 1 to 3 minutes on the lab.
const tfLimit = 15 * time.Minute

// tfGrace is how long terraform gets to stop after an interrupt at its limit
// (it waits for the calls in flight) before it is killed.
const tfGrace = 30 * time.Second

// errStopped marks a terraform command stopped at its time limit.
var errStopped = errors.New("stopped")

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
	return d.tfWithin(tfLimit, args...)
}

// tfWithin is tfOut with its own limit: past it, terraform is interrupted,
// then killed, and the error says so.
func (d *drill) tfWithin(limit time.Duration, args ...string) (string, error) {
	d.logf("terraform %s", strings.Join(args, " "))
	if args[0] != "init" {
		args = append(args, "-state="+d.state, "-no-color", "-input=false")
		if d.varFile != "" {
			args = append(args, "-var-file="+d.varFile)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, d.terraform, args...)
	var kill *time.Timer
	cmd.Cancel = func() error {
		pid := cmd.Process.Pid
		kill = time.AfterFunc(tfGrace, func() { killTree(pid) })
		return cmd.Process.Signal(os.Interrupt)
	}
	cmd.WaitDelay = tfGrace + 5*time.Second // should killTree not end it
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
	err := <-waited
	if kill != nil {
		kill.Stop() // terraform has ended: its pid may be reused
	}
	if err != nil {
		if ctx.Err() != nil {
			return "", fmt.Errorf("terraform %s did not end within %s: %w (%w)\n%s", args[0], limit, errStopped, err, out.String())
		}
		return "", fmt.Errorf("terraform %s: %w\n%s", args[0], err, out.String())
	}
	return out.String(), nil
}

// killTree kills pid and its children: terraform's provider processes,
// which killing terraform alone would leave running.
func killTree(pid int) {
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// "pid (command) state ppid ...": the command may hold spaces.
		fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
		if len(fields) > 1 && fields[1] == strconv.Itoa(pid) {
			_ = syscall.Kill(child, syscall.SIGKILL)
		}
	}
	_ = syscall.Kill(pid, syscall.SIGKILL)
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
