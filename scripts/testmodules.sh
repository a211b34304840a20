#!/usr/bin/env bash
# terraform test (or tofu test) for every module under modules/, or only the
# modules named, against the running lab, with the locally built provider
# (make install) from the lab's mirror:
#   scripts/testmodules.sh [terraform|terraform-newest|tofu] [module...]
# A module whose required_version the CLI does not meet is skipped and
# counted as such; any other failure fails the run, and so does no module
# passing. Test files named *.terraform.tftest.hcl run under terraform only
# (OpenTofu's test runner, 1.12 included, cannot refer to earlier runs,
# run.<name>, in assertions or provider blocks); under tofu they are counted
# as skipped, and a module with no other test file as skipped too.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=/dev/null
source "$ROOT/.lab/lab.env"

cli=${1:-terraform}
case $cli in
  terraform) bin=$LAB_TERRAFORM cli_config=$LAB_TERRAFORMRC ;;
  terraform-newest) bin=${LAB_TERRAFORM_NEWEST:?not in .lab/lab.env: run make lab-up} cli_config=$LAB_TERRAFORMRC ;;
  tofu) bin=${LAB_TOFU:?not in .lab/lab.env: run make lab-up} cli_config=${LAB_TOFURC:?not in .lab/lab.env: run make lab-up} ;;
  *)
    echo "usage: $0 [terraform|terraform-newest|tofu] [module...]" >&2
    exit 2
    ;;
esac
shift $(($# > 0 ? 1 : 0))
export TF_CLI_CONFIG_FILE=$cli_config CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

dirs=()
if [[ $# -gt 0 ]]; then
  for name in "$@"; do
    [[ -d $ROOT/modules/$name/tests ]] || { echo "no module with tests: modules/$name" >&2; exit 2; }
    dirs+=("$ROOT/modules/$name/")
  done
else
  for dir in "$ROOT"/modules/*/; do
    [[ -d $dir/tests ]] && dirs+=("$dir")
  done
fi

passed=() failed=() skipped=() skipped_files=()
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for dir in "${dirs[@]}"; do
  name=$(basename "$dir")
  echo "=== module $name ($cli)"
  cd "$dir"
  # The lock file pins the checksum of an earlier build of the provider.
  rm -rf .terraform .terraform.lock.hcl
  if ! "$bin" init -input=false -backend=false -no-color >"$out" 2>&1; then
    if grep -q 'Unsupported .* Core version' "$out"; then
      grep -A3 'Unsupported .* Core version' "$out"
      echo "--- SKIP: module $name: needs a newer $cli"
      skipped+=("$name")
    else
      cat "$out"
      echo "--- FAIL: module $name: init failed"
      failed+=("$name")
    fi
    continue
  fi
  filters=()
  if [[ $cli == tofu ]]; then
    for f in tests/*.tftest.hcl; do
      if [[ $f == *.terraform.tftest.hcl ]]; then
        echo "--- SKIP: $name/$f: terraform only"
        skipped_files+=("$name/$f")
      else
        filters+=("-filter=$f")
      fi
    done
    if [[ ${#filters[@]} -eq 0 ]]; then
      echo "--- SKIP: module $name: every test file is terraform only"
      skipped+=("$name")
      continue
    fi
  fi
  if "$bin" test -no-color "${filters[@]}"; then
    passed+=("$name")
  else
    echo "--- FAIL: module $name"
    failed+=("$name")
  fi
done
echo "module tests ($("$bin" version 2>/dev/null | sed -n 1p)): ${#dirs[@]} ran, ${#passed[@]} passed, ${#failed[@]} failed${failed:+ (${failed[*]})}, ${#skipped[@]} skipped${skipped:+ (${skipped[*]}: CLI too old, or terraform-only tests)}${skipped_files:+; test files skipped: ${skipped_files[*]}}"
[[ ${#failed[@]} -eq 0 && ${#passed[@]} -gt 0 ]]
