package main

import (
	"fmt"
	"os/exec"
	"strings"
)

// tf runs terraform in the estate with the drill's own state file under
// .lab/drill, so a drill never meets state left in the example directory;
// it logs only the summary lines, and the whole output on failure.
func (d *drill) tf(args ...string) error {
	d.logf("terraform %s", strings.Join(args, " "))
	if args[0] != "init" {
		args = append(args, "-state="+d.state, "-no-color", "-input=false")
	}
	cmd := exec.Command(d.terraform, args...)
	cmd.Dir, cmd.Env = d.estate, d.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("terraform %s: %w\n%s", args[0], err, out)
	}
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "Apply complete") || strings.HasPrefix(l, "Destroy complete") || strings.HasPrefix(l, "Plan:") {
			d.logf("  %s", l)
		}
	}
	return nil
}
