package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
)

// signalLab sends sig to a process of the lab, after checking that the pid
// is the lab's own, and returns the pid.
func signalLab(t *testing.T, name string, sig syscall.Signal) int {
	t.Helper()
	root := os.Getenv("LAB_ROOT")
	b, err := os.ReadFile(filepath.Join(root, "pids", name+".pid"))
	if err != nil {
		t.Fatalf("pid of the lab's %s (LAB_ROOT=%q): %v", name, root, err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil || !strings.Contains(string(cmdline), name+".properties") {
		t.Fatalf("pid %d is not the lab's %s", pid, name)
	}
	if err := syscall.Kill(pid, sig); err != nil {
		t.Fatal(err)
	}
	return pid
}

// TestAccFault_clusterStopsAnswering: eu-west's only node is stopped with
// SIGSTOP, alive but silent (its port still accepts connections). A plan
// gives up on it with a warning that names the cluster, the apply that
// creates a topic there and a refresh of one both fail within the
// resource's timeouts with errors that name it, and after SIGCONT the same
// configuration converges.
func TestAccFault_clusterStopsAnswering(t *testing.T) {
	name := randomName("acc-stop")
	provider := strings.Replace(labProviderConfig(), `region = "eu-west-1"`, `region = "eu-west-1"
      request_timeout = "5s"`, 1)
	cfg := provider + fmt.Sprintf(`
resource "geokafka_topic" "t" {
  cluster            = "eu-west"
  name               = %q
  partitions         = 1
  replication_factor = 1
  timeouts           = { create = "20s", read = "20s" }
}
`, name)
	stopped := false
	stop := func() {
		signalLab(t, "eu-west-1", syscall.SIGSTOP)
		stopped = true
	}
	resume := func() {
		if stopped {
			signalLab(t, "eu-west-1", syscall.SIGCONT)
			stopped = false
		}
	}
	t.Cleanup(resume)
	// Each failing step must end within its timeout, plus terraform's own
	// start-up and a plan-time check (30 s at most) where there is one.
	var began time.Time
	within := func(what string, limit time.Duration) {
		if took := time.Since(began); took > limit {
			t.Errorf("%s took %s, want at most %s", what, took.Round(time.Second), limit)
		} else {
			t.Logf("%s gave up after %s", what, took.Round(time.Second))
		}
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkTopicGone(t, "eu-west", name),
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { stop(); began = time.Now() },
				Config:      cfg,
				ExpectError: errRe("eu-west"),
			},
			{
				PreConfig: func() {
					within("a plan and a create on a silent cluster", 30*time.Second+20*time.Second+20*time.Second)
					resume()
				},
				Config: cfg,
			},
			{
				PreConfig:   func() { stop(); began = time.Now() },
				Config:      cfg,
				PlanOnly:    true,
				ExpectError: errRe("eu-west"),
			},
			{
				PreConfig: func() {
					within("a refresh on a silent cluster", 20*time.Second+20*time.Second)
					resume()
				},
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}
