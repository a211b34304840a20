#!/usr/bin/env bash
# The disaster-recovery drill (make drill): the financial-dr estate loses
# us-east while a producer and a consumer group run; the drill fails over by
# one variable, then restarts us-east and fails back. It prints RPO, RTO and
# duplicates and saves them in .lab/drill/report.json. us-east is restarted
# (lab/lab-up.sh) whatever happens.
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
