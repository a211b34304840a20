#!/usr/bin/env bash
# Apply the global-commerce estate (examples/estates/global-commerce) to the
# local lab, show what exists, produce orders in us-east and show them
# arriving in eu-west and ap-south, then prove that a fresh plan is empty.
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

cd "$ROOT/examples/estates/global-commerce"

# The lab's CLI configuration installs geokafka/geokafka from the local
# filesystem mirror (`make install`), so nothing is downloaded.
export TF_CLI_CONFIG_FILE=$LAB_TERRAFORMRC
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0

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

section "what exists"
tf output -no-color order_subscriptions
tf output -no-color customer_partitions_by_region

section "data flows: 5 orders produced in us-east arrive in eu-west and ap-south"
java_tool() { java -Xmx128m -cp "$LAB_KAFKA_LIBS/*" -Dlog4j2.configurationFile="$ROOT/lab/config/log4j2.xml" -Dlab.log.file="$LAB_ROOT/logs/demo-tools.log" -Dlab.log.level=WARN "$@"; }
stamp=$(date +%s)
for i in 1 2 3 4 5; do echo "order-$stamp-$i"; done |
  java_tool org.apache.kafka.tools.ConsoleProducer --bootstrap-server "$LAB_US_EAST_BOOTSTRAP" --topic gc.orders
# Each consumer stops as soon as the 5 new orders are there, or after 60 s.
wait_orders() {
  local cluster=$1 servers=$2 out got=0 pid start=$SECONDS
  out=$(mktemp)
  java_tool org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$servers" \
    --topic us-east.gc.orders --from-beginning --timeout-ms 60000 >"$out" 2>/dev/null &
  pid=$!
  echo "--- us-east.gc.orders on $cluster (a copy made by the replication link): waiting for the 5 orders, at most 60 s"
  while ((SECONDS - start < 60)) && kill -0 "$pid" 2>/dev/null; do
    got=$(grep -c "order-$stamp-" "$out" || true)
    ((got >= 5)) && break
    sleep 0.2
  done
  pkill -P "$pid" 2>/dev/null || true # the consumer runs as a child of the backgrounded function
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  got=$(grep -c "order-$stamp-" "$out" || true)
  rm -f "$out"
  echo "$got of the 5 new orders arrived on $cluster after $((SECONDS - start)) s"
  ((got == 5)) || { echo "demo.sh: the orders did not arrive on $cluster within 60 s: check the link with 'terraform output' and data.geokafka_replication_status" >&2; exit 1; }
}
wait_orders eu-west "$LAB_EU_WEST_BOOTSTRAP"
wait_orders ap-south "$LAB_AP_SOUTH_BOOTSTRAP"

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
