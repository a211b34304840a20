#!/usr/bin/env bash
# make tradeoffs: what distance between regions costs, measured on the lab
# through its WAN proxies (scripts/tradeoffs). Arguments go to the command,
# for example: scripts/tradeoffs.sh -rtts 0,150 -plan-topics 0
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
if [[ ! -f .lab/lab.env ]]; then
  echo "tradeoffs.sh: .lab/lab.env is missing: start the lab with 'make lab-up'" >&2
  exit 1
fi
# shellcheck source=/dev/null
source .lab/lab.env
exec go run ./scripts/tradeoffs "$@"
