package provider

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/twmb/franz-go/pkg/kadm"
)

// restartLab stops a lab node with SIGTERM, waits for it to exit, and runs
// lab-up, which starts what is missing and waits until every cluster is
// ready again.
func restartLab(t *testing.T, name string) {
	t.Helper()
	pid := signalLab(t, name, syscall.SIGTERM)
	for deadline := time.Now().Add(90 * time.Second); syscall.Kill(pid, 0) == nil; time.Sleep(200 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s (pid %d) did not stop within 90 s of SIGTERM", name, pid)
		}
	}
	out, err := exec.Command(filepath.Join("..", "..", "lab", "lab-up.sh")).CombinedOutput()
	if err != nil {
		t.Fatalf("lab-up after stopping %s: %v\n%s", name, err, out)
	}
}

// javaFirst reports whether a user name's Java String hash puts it in the
// first bucket of a Java HashMap of up to 65,536 buckets, ahead of any
// name that does not share it.
func javaFirst(s string) bool {
	var h int32
	for _, c := range []byte(s) {
		h = 31*h + int32(c)
	}
	u := uint32(h)
	return (u^u>>16)&0xFFFF == 0
}

// A credential survives a restart of its cluster: if Kafka loses it, the next
// plan re-creates it and the user logs in again. Kafka 4.x KRaft brokers can
// drop every SCRAM credential of a mechanism when they replay a metadata log
// in which a user of that mechanism was deleted (ScramDelta detaches the
// mechanism's user map when a removal first empties it); the out-of-band user
// made and deleted here, whose name Java's HashMap orders first, makes that
// likely when the broker has no metadata snapshot yet.
func TestAccSCRAMCredential_survivesRestart(t *testing.T) {
	testAccPreCheckSkipUnlessAcc(t)
	user, password := randomName("rotating"), "pw-"+randomName("r")
	cfg := scramHCL(labProviderConfig(), user, "SCRAM-SHA-512", password, 4096)
	gone := ""
	for i := 0; gone == ""; i++ {
		if n := fmt.Sprintf("gone-%d", i); javaFirst(n) {
			gone = n
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{loginCheck(t, "secure", "SCRAM-SHA-512", user, password, true)}},
			{
				PreConfig: func() {
					adm := labAdmin(t, "us-east")
					if err := upsertSCRAM(t, adm, gone, "x", 4096); err != nil {
						t.Fatal(err)
					}
					if _, err := adm.AlterUserSCRAMs(testCtx(t), []kadm.DeleteSCRAM{{User: gone, Mechanism: kadm.ScramSha512}}, nil); err != nil {
						t.Fatal(err)
					}
					restartLab(t, "us-east-1")
					// The broker fills its credential cache after it is ready:
					// give a kept credential a few seconds to show.
					kept := false
					for deadline := time.Now().Add(5 * time.Second); !kept && time.Now().Before(deadline); time.Sleep(time.Second) {
						kept = canLogIn(t, "secure", "SCRAM-SHA-512", user, password) == nil
					}
					t.Logf("after the restart, us-east kept the credential: %v", kept)
				},
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{loginCheck(t, "secure", "SCRAM-SHA-512", user, password, true)},
			},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}
