#!/usr/bin/env bash
# Acceptance tests against the running lab, through the real terraform CLI.
# Prints how many acceptance tests ran and fails if any failed or none ran.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# shellcheck source=/dev/null
source .lab/lab.env

export TF_ACC=1
# GEOKAFKA_TERRAFORM runs the suite with another terraform build.
export TF_ACC_TERRAFORM_PATH="${GEOKAFKA_TERRAFORM:-$LAB_TERRAFORM}"
export TF_ACC_PROVIDER_NAMESPACE=geokafka
export TF_CLI_CONFIG_FILE="$ROOT/.lab/terraformrc"
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
echo "acceptance tests: $((passed + failed + skipped)) ran, $passed passed, $failed failed, $skipped skipped"
if [[ $rc -ne 0 || $failed -ne 0 || $skipped -ne 0 || $passed -eq 0 ]]; then
  exit 1
fi
