# Shared by lab/lab-up.sh and lab/lab-down.sh (sourced, not executed).
#
# Every lab process is identified by a NAME (e.g. "stretch-2") and owns:
#   .lab/pids/NAME.pid          pid of the JVM (or of Toxiproxy)
#   .lab/config/NAME.properties its config (toxiproxy.json for Toxiproxy); the
#                               path is also a command-line argument, which is
#                               how we recognise our processes
#   .lab/logs/NAME.log          log4j2 output;  .lab/logs/NAME.out  stdout/stderr

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LAB="$ROOT/.lab"
CACHE=${GEOKAFKA_CACHE:-$HOME/.cache/geokafka}
KAFKA_VERSION=4.3.1
LIBS="$CACHE/kafka-$KAFKA_VERSION/libs"
# The legacy cluster (lab/legacy.sh): Kafka 3.9 on ZooKeeper, its own jars.
LEGACY_KAFKA_VERSION=3.9.2
LEGACY_LIBS="$CACHE/kafka-$LEGACY_KAFKA_VERSION/libs"

STOP_GRACE=20 # seconds between SIGTERM and SIGKILL

log() { printf '[lab] %s\n' "$*"; }
die() { printf '[lab] ERROR: %s\n' "$*" >&2; exit 1; }

# Serialise lab-up/lab-down runs. fd 9 must not leak into the long-lived
# JVMs (launchers close it), or they would hold the lock forever.
take_lock() {
  mkdir -p "$LAB"
  exec 9>"$LAB/lock"
  flock -w 300 9 || die "another lab-up/lab-down is still running (lock $LAB/lock)"
}

pid_file() { printf '%s/pids/%s.pid' "$LAB" "$1"; }
config_file() {
  if [[ $1 == toxiproxy ]]; then
    printf '%s/config/toxiproxy.json' "$LAB"
  else
    printf '%s/config/%s.properties' "$LAB" "$1"
  fi
}

read_pid() { # read_pid NAME -> prints pid, fails if there is no usable pid file
  local f pid
  f=$(pid_file "$1")
  [[ -r $f ]] || return 1
  pid=$(<"$f")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  printf '%s' "$pid"
}

# True if PID is alive (zombies count as dead).
pid_alive() {
  local state
  kill -0 "$1" 2>/dev/null || return 1
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ $state != Z ]]
}

# True only if PID is a live java (or Toxiproxy) process that was started
# with our config file for NAME as an argument. Guards against recycled PIDs.
is_ours() { # is_ours PID NAME
  local pid=$1 exe
  pid_alive "$pid" || return 1
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
  [[ ${exe##*/} == java || ${exe##*/} == toxiproxy-server ]] || return 1
  tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -xF "$(config_file "$2")" >/dev/null
}

# Stop the named processes together: SIGTERM, wait up to STOP_GRACE seconds,
# then SIGKILL what is left. Only PIDs that pass is_ours are signalled.
stop_procs() { # stop_procs NAME...
  local name pid deadline
  local -A pids=()
  for name in "$@"; do
    if pid=$(read_pid "$name") && is_ours "$pid" "$name"; then
      log "stopping $name (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      pids[$name]=$pid
    elif [[ -e $(pid_file "$name") ]]; then
      log "$name: pid file does not match a running lab process, removed"
      rm -f "$(pid_file "$name")" # process gone or pid reused by someone else
    fi
  done

  local killed=false
  deadline=$((SECONDS + STOP_GRACE))
  while ((${#pids[@]} > 0)); do
    for name in "${!pids[@]}"; do
      if ! pid_alive "${pids[$name]}"; then
        rm -f "$(pid_file "$name")"
        unset "pids[$name]"
      fi
    done
    ((${#pids[@]} == 0)) && break
    if ((SECONDS >= deadline)); then
      if $killed; then
        die "could not stop: ${!pids[*]} (pids ${pids[*]})"
      fi
      for name in "${!pids[@]}"; do
        # Re-check identity: the pid may have exited and been reused.
        if is_ours "${pids[$name]}" "$name"; then
          log "$name did not stop within ${STOP_GRACE}s, sending SIGKILL"
          kill -KILL "${pids[$name]}" 2>/dev/null || true
        fi
      done
      killed=true
      deadline=$((SECONDS + 10))
    fi
    sleep 0.3
  done
  return 0
}

# Names of all processes with a pid file.
recorded_procs() {
  local f
  for f in "$LAB"/pids/*.pid; do
    [[ -e $f ]] && basename "$f" .pid
  done
  return 0
}

# Stop processes in four waves. Clients of the clusters (the Connect worker,
# whose config has no process.roles) go first, while their brokers can still
# take their last offset and status writes. Then the Kafka nodes: a broker
# shuts down through its controller (and hangs until SIGKILL if that is gone),
# so everything without a controller role stops before the controllers (the
# legacy cluster's ZooKeeper counts as one). The WAN proxies go last: brokers reach other regions through them.
stop_in_waves() { # stop_in_waves NAME...
  local name file
  local -a clients=() brokers=() controllers=() proxies=()
  for name in "$@"; do
    file=$(config_file "$name")
    if [[ $name == toxiproxy ]]; then
      proxies+=("$name")
    elif grep -q -E '^(process.roles=.*controller|clientPort=)' "$file" 2>/dev/null; then
      controllers+=("$name")
    elif grep -q -E '^(process.roles|zookeeper.connect)=' "$file" 2>/dev/null; then
      brokers+=("$name")
    else
      clients+=("$name")
    fi
  done
  ((${#clients[@]} == 0)) || stop_procs "${clients[@]}"
  ((${#brokers[@]} == 0)) || stop_procs "${brokers[@]}"
  ((${#controllers[@]} == 0)) || stop_procs "${controllers[@]}"
  ((${#proxies[@]} == 0)) || stop_procs "${proxies[@]}"
}
