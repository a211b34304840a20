#!/usr/bin/env bash
# Stop the local Kafka lab started by lab/lab-up.sh.
#
# Only processes recorded in .lab/pids/ are touched, and only after checking
# that the pid is still a java process started with our config file (pids
# get recycled). SIGTERM first, SIGKILL after 20 s. The Connect worker stops
# first (it writes to us-east until the end), then brokers, then controllers.
#
#   lab/lab-down.sh           stop, keep data (next lab-up resumes it)
#   lab/lab-down.sh --purge   stop and delete .lab/data (fresh clusters next time)
set -euo pipefail

# shellcheck source=lab/lab-common.sh
source "$(dirname "$0")/lab-common.sh"

usage() { printf 'usage: %s [--purge]\n' "$0"; }

main() {
  local purge=false
  case ${1:-} in
    "") ;;
    --purge) purge=true ;;
    -h | --help) usage; return 0 ;;
    *) usage >&2; return 2 ;;
  esac
  [[ -d $LAB ]] || { log "nothing to stop ($LAB does not exist)"; return 0; }
  take_lock

  local -a names
  mapfile -t names < <(recorded_procs)
  if ((${#names[@]} == 0)); then
    log "no lab processes recorded"
  else
    stop_in_waves "${names[@]}"
    log "lab stopped"
  fi

  if $purge; then
    rm -rf "${LAB:?}/data"
    log "removed $LAB/data"
  fi
}

main "$@"
