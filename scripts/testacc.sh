#!/usr/bin/env bash
# Acceptance tests against the running lab, through the real terraform CLI:
# the oldest supported (scripts/testacc.sh [terraform]), the newest
# (terraform-newest), or the OpenTofu CLI (tofu).
# Prints how many acceptance tests ran and fails if any failed or none ran.
# A skip fails too, except a test that plugin-testing skips because the CLI
# is older than the test needs (provider functions under tofu 1.6).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# shellcheck source=/dev/null
source .lab/lab.env

cli=${1:-terraform}
case $cli in
  terraform)
    bin=$LAB_TERRAFORM cli_config=$LAB_TERRAFORMRC
    unset TF_ACC_PROVIDER_HOST
    ;;
  terraform-newest)
    bin=${LAB_TERRAFORM_NEWEST:?not in .lab/lab.env: run make lab-up} cli_config=$LAB_TERRAFORMRC
    unset TF_ACC_PROVIDER_HOST
    ;;
  tofu)
    bin=${LAB_TOFU:?not in .lab/lab.env: run make lab-up} cli_config=${LAB_TOFURC:?not in .lab/lab.env: run make lab-up}
    # Test configurations name the provider geokafka/geokafka; under OpenTofu
    # that address means OpenTofu's registry host.
    export TF_ACC_PROVIDER_HOST=registry.opentofu.org
    ;;
  *)
    echo "usage: $0 [terraform|terraform-newest|tofu]" >&2
    exit 2
    ;;
esac

export TF_ACC=1
# GEOKAFKA_TERRAFORM runs the suite with another build of the chosen CLI.
export TF_ACC_TERRAFORM_PATH="${GEOKAFKA_TERRAFORM:-$bin}"
export TF_ACC_PROVIDER_NAMESPACE=geokafka
export TF_CLI_CONFIG_FILE="$cli_config"
export CHECKPOINT_DISABLE=1
unset TF_ACC_TERRAFORM_VERSION

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
go test ./internal/... -run '^TestAcc' -count=1 -v -timeout 60m ${TESTARGS:-} 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
passed=$(grep -c -- '^--- PASS: TestAcc' "$log" || true)
failed=$(grep -c -- '^--- FAIL: TestAcc' "$log" || true)
skipped=$(grep -c -- '^--- SKIP: TestAcc' "$log" || true)
too_old=$(grep -c -- 'is below minimum version .*: skipping test' "$log" || true)
version=$("$TF_ACC_TERRAFORM_PATH" version 2>/dev/null | sed -n 1p)
echo "acceptance tests ($version): $((passed + failed + skipped)) ran, $passed passed, $failed failed, $skipped skipped ($too_old of them for the CLI version)"
if [[ $rc -ne 0 || $failed -ne 0 || $skipped -gt $too_old || $passed -eq 0 ]]; then
  exit 1
fi
