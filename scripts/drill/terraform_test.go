package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestTookLong(t *testing.T) {
	for l, want := range map[string]bool{
		`geokafka_replication_link.out["eu-west"]: Creation complete after 25s [id=x]`: true,
		`geokafka_topic.t: Modifications complete after 1m2s [id=x]`:                   true,
		`geokafka_acl.a: Destruction complete after 5s`:                                true,
		`geokafka_topic.t: Creation complete after 4s [id=x]`:                          false,
		`geokafka_topic.t: Creation complete after 0s [id=x]`:                          false,
		`Apply complete! Resources: 5 added, 0 changed, 1 destroyed.`:                  false,
		`geokafka_topic.t: Still creating... [10s elapsed]`:                            false,
	} {
		if got := tookLong(l); got != want {
			t.Errorf("tookLong(%q) = %v, want %v", l, got, want)
		}
	}
}

// A terraform that outlives its limit is interrupted, and the error says so.
func TestTFWithinStopsAtLimit(t *testing.T) {
	dir := t.TempDir()
	fake := filepath.Join(dir, "terraform")
	script := "#!/bin/sh\n[ \"$1\" = init ] && exit 0\ntrap 'kill $!; echo interrupted; exit 1' INT\necho 'Plan: 1 to add'\nsleep 60 &\nwait\n"
	if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	d := &drill{terraform: fake, estate: dir, state: filepath.Join(dir, "state"), env: os.Environ(), start: time.Now()}
	t0 := time.Now()
	_, err := d.tfWithin(300*time.Millisecond, "apply", "-auto-approve")
	if !errors.Is(err, errStopped) {
		t.Fatalf("err = %v, want one marked stopped", err)
	}
	if took := time.Since(t0); took > 10*time.Second {
		t.Errorf("stopping took %s, want the interrupt to end it at once", took)
	}
	if !strings.Contains(err.Error(), "interrupted") {
		t.Errorf("err = %v, want terraform's output", err)
	}
	if _, err := d.tfWithin(time.Minute, "init"); errors.Is(err, errStopped) {
		t.Errorf("a command that ends by itself is reported stopped: %v", err)
	}
}

// killTree ends a process and its children, as terraform and its providers.
func TestKillTree(t *testing.T) {
	cmd := exec.Command("sh", "-c", "sleep 60 & echo $!; wait")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var child int
	if _, err := fmt.Fscan(out, &child); err != nil {
		t.Fatal(err)
	}
	killTree(cmd.Process.Pid)
	_ = cmd.Wait()
	for range 40 {
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", child))
		if err != nil || strings.Contains(string(stat), ") Z ") {
			return // gone, or dead and waiting for its reaper
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Errorf("the child %d of the killed process still runs", child)
}
