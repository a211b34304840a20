#!/usr/bin/env bash
# Runs every Go fuzz test (func FuzzXxx in a _test.go file) for a while each:
#   scripts/fuzz.sh [DURATION]     (default 3s; make fuzz gives 60s)
# go test -fuzz takes one target at a time, hence the loop. A failing input
# is saved under the package's testdata/fuzz/ and fails the run: go test then
# replays it as a regular test until it is fixed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
time=${1:-3s}
n=0
while IFS=: read -r file name; do
  pkg=./$(dirname "$file")
  echo "=== $name ($pkg, $time)"
  # Progress lines are dropped; results and failures stay.
  go test "$pkg" -run '^$' -fuzz "^${name}\$" -fuzztime "$time" 2>&1 | grep -v '^fuzz: elapsed'
  n=$((n + 1))
done < <(grep -rHo --include='*_test.go' -E '^func Fuzz[A-Za-z0-9_]+' internal | sed 's/func //' | sort)
((n > 0)) || { echo "fuzz: no fuzz test found" >&2; exit 1; }
echo "fuzz: $n fuzz tests, $time each, no failure"
