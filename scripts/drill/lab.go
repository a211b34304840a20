package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// sigkill sends SIGKILL to a lab process, after checking the pid is the lab's.
func (d *drill) sigkill(name string) error {
	b, err := os.ReadFile(filepath.Join(d.root, ".lab/pids", name+".pid"))
	if err != nil {
		return err
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return err
	}
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil || !strings.Contains(string(cmdline), name+".properties") {
		return fmt.Errorf("pid %d is not the lab's %s", pid, name)
	}
	return syscall.Kill(pid, syscall.SIGKILL)
}

// labUp brings a stopped process back with lab-up.sh, which starts only those
// that are down and leaves the rest of the lab alone.
func (d *drill) labUp() error {
	d.logf("starting what is down (lab/lab-up.sh)")
	cmd := exec.Command(filepath.Join(d.root, "lab/lab-up.sh"))
	cmd.Dir = d.root
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("lab-up: %w\n%s", err, out)
	}
	return nil
}
