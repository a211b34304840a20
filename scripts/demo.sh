#!/usr/bin/env bash
# Apply the quickstart estate (examples/estates/quickstart) to the local lab,
# show what exists on each cluster, then prove that a fresh plan is empty.
# `make demo` runs it after `make install lab-up`; it can run again and again
# (the second run applies nothing).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [[ ! -f $ROOT/.lab/lab.env ]]; then
  echo "demo.sh: $ROOT/.lab/lab.env is missing: start the lab with 'make lab-up'" >&2
  exit 1
fi
# shellcheck source=/dev/null
source "$ROOT/.lab/lab.env"

cd "$ROOT/examples/estates/quickstart"

# The lab's CLI configuration installs geokafka/geokafka from the local
# filesystem mirror (`make install`), so nothing is downloaded.
export TF_CLI_CONFIG_FILE=$LAB_TERRAFORMRC
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0

# The lab addresses, as lab-up.sh wrote them (the variable's defaults are the
# same addresses; this keeps the demo right if the lab ever moves).
hcl_list() { # "a,b" -> ["a","b"]
  local IFS=, out="" s
  for s in $1; do out+="${out:+, }\"$s\""; done
  printf '[%s]' "$out"
}
TF_VAR_bootstrap_servers=$(printf '{ "us-east" = %s, "eu-west" = %s, "ap-south" = %s, "stretch" = %s }' \
  "$(hcl_list "$LAB_US_EAST_BOOTSTRAP")" "$(hcl_list "$LAB_EU_WEST_BOOTSTRAP")" \
  "$(hcl_list "$LAB_AP_SOUTH_BOOTSTRAP")" "$(hcl_list "$LAB_STRETCH_BOOTSTRAP")")
export TF_VAR_bootstrap_servers

tf() {
  echo "+ terraform $*"
  "$LAB_TERRAFORM" "$@"
}
section() { printf '\n=== %s\n' "$*"; }

section "init (provider from the lab's filesystem mirror)"
# A lock file from an earlier build records the checksum of an older binary.
rm -f .terraform.lock.hcl
tf init -input=false -no-color

section "apply"
tf apply -auto-approve -input=false -no-color

section "what exists on each cluster"
# Read back by the geokafka_topics data source of each cluster.
tf output -no-color topics_by_cluster
# Where the replicas of the stretch topic live (geokafka_topic and
# geokafka_cluster data sources).
tf output -no-color customers_replica_racks

section "plan again: it must be empty"
set +e
tf plan -detailed-exitcode -input=false -no-color
rc=$?
set -e
case $rc in
  0) echo "OK: no changes after apply" ;;
  2) echo "demo.sh: the plan after apply is not empty (see above)" >&2; exit 1 ;;
  *) echo "demo.sh: terraform plan failed (exit $rc)" >&2; exit 1 ;;
esac
