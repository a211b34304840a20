#!/usr/bin/env bash
# The disaster-recovery drill (make drill): the financial-dr estate loses
# us-east while a producer and a consumer group run; the drill fails over by
# one variable, then restarts us-east and fails back; then a split brain, the
# move off ZooKeeper, and processes killed in the middle of applies
# (scripts/drill/main.go). It prints what it measured and saves it in
# .lab/drill/report.json. Whatever it stopped is restarted (lab/lab-up.sh)
# whatever happens.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
if [[ ! -f .lab/lab.env ]]; then
  echo "drill.sh: .lab/lab.env is missing: start the lab with 'make lab-up'" >&2
  exit 1
fi
# shellcheck source=/dev/null
source .lab/lab.env
trap 'lab/lab-up.sh >/dev/null' EXIT
go run ./scripts/drill
