#!/usr/bin/env bash
# Start the local Kafka lab (Apache Kafka 4.3.1, KRaft, and one Kafka 3.9
# cluster on ZooKeeper, lab/legacy.sh) as plain JVMs bound to
# 127.0.0.1 and wait until every cluster is really usable, then two Kafka
# Connect workers. Idempotent: running processes that answer on their port are
# left alone; a process whose generated config changed is restarted alone.
#
# Ports (all 127.0.0.1):
#   cluster   node  roles              client  controller  broker.rack
#   us-east   1     broker,controller  19092   20092       -
#   eu-west   1     broker,controller  29092   30092       -
#   ap-south  1     broker,controller  23092   24092       -
#   stretch   1     broker,controller  25091   26091       us-east-1a
#   stretch   2     broker             25092   -           us-east-1b
#   stretch   3     broker,controller  25093   26093       eu-west-1a
#   stretch   4     broker,controller  25094   26094       ap-south-1a
#   legacy    1     broker (ZooKeeper) 27092   -           -   (ZooKeeper 28181)
# Controller port = client port + 1000. us-east also listens on 19093
# (SASL_SSL) and 19094 (mutual TLS), with an authorizer: see lab/secure.sh.
# Kafka Connect worker "connect" (distributed mode, group geokafka-lab-connect,
# MirrorMaker 2 connectors): REST http://127.0.0.1:8083, internal topics
# connect-configs/-offsets/-status on ap-south (so that the us-east outage of
# make drill leaves it running); it starts once the clusters are ready. 18083 is kept free for later additions.
# Kafka Connect worker "connect-secure" (group geokafka-lab-connect-secure):
# REST https://127.0.0.1:8443 with basic authentication, and a
# DirectoryConfigProvider for the secrets its connectors reference: see
# lab/secure.sh.
#
# State lives in $ROOT/.lab: config/ data/<cluster>/<node>/ logs/ pids/
# lab.env (shell-sourceable addresses), terraformrc and tofurc (CLI configs
# for terraform and OpenTofu).
#
# Environment knobs:
#   GEOKAFKA_CACHE     jar/tool cache (default ~/.cache/geokafka)
#   LAB_HEAP_OPTS      broker heap (default "-Xms256m -Xmx384m")
#   LAB_CONNECT_HEAP_OPTS  Connect worker heap (default "-Xms256m -Xmx512m")
#   LAB_READY_TIMEOUT  seconds to wait for readiness (default 180)
#   LAB_TERRAFORM_NEWEST, LAB_TOFU  the newest terraform and the tofu CLI that
#                      lab.env names (the Makefile passes its own)
set -euo pipefail

# shellcheck source=lab/lab-common.sh
source "$(dirname "$0")/lab-common.sh"
# shellcheck source=lab/secure.sh
source "$(dirname "$0")/secure.sh"
# shellcheck source=lab/wan.sh
source "$(dirname "$0")/wan.sh"
# shellcheck source=lab/legacy.sh
source "$(dirname "$0")/legacy.sh"

READY_TIMEOUT=${LAB_READY_TIMEOUT:-180}
# A process that is alive but not listening after this long is restarted.
STARTING_GRACE=60

read -ra HEAP_OPTS <<<"${LAB_HEAP_OPTS:--Xms256m -Xmx384m}"
CONNECT_HEAP_OPTS=${LAB_CONNECT_HEAP_OPTS:--Xms256m -Xmx512m}
# Light JVMs: serial GC and C1-only JIT start much faster on 2 cores, and a
# lab broker never runs long enough for C2 to pay off.
JVM_OPTS=(
  "${HEAP_OPTS[@]}"
  -XX:+UseSerialGC
  -XX:TieredStopAtLevel=1
  -XX:-UsePerfData
  -XX:+ExitOnOutOfMemoryError
  -Djava.awt.headless=true
  "-Dlog4j2.configurationFile=$ROOT/lab/config/log4j2.xml"
)
# Short-lived helpers (storage format, readiness probe): warnings only.
TOOL_JVM_OPTS=(-Xms32m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData
  "-Dlog4j2.configurationFile=$ROOT/lab/config/log4j2.xml" -Dlab.log.level=WARN)

# ---------------------------------------------------------------------------
# Registry of processes and clusters, filled by define_lab.

PROCS=()                   # start order
declare -A PROC_PORT=()    # port that answers once the process is up
declare -A PROC_START=()   # function that launches it: FN NAME
declare -A PROC_CLUSTER=() # Kafka cluster it belongs to (empty for others)
declare -A PROC_MORE_PORTS=() # other ports it binds (checked before start)
# Processes that are not Kafka nodes (empty PROC_CLUSTER) start only after
# every cluster is ready, and need three more entries:
declare -A PROC_CONFIG=()  # function that writes its config: FN NAME
declare -A PROC_READY=()   # function that succeeds once it is usable: FN NAME
declare -A PROC_NEEDS=()   # Kafka cluster it depends on (stopped first when
                           # that cluster is reformatted)
declare -A PROC_JVM_OPTS=() # extra JVM options after JVM_OPTS (last -Xmx wins)
declare -A PROC_LIBS=()     # its jar directory, when not $LIBS (lab/legacy.sh)
# Connect workers: the REST scheme (http by default) and extra worker lines.
declare -A CONNECT_SCHEME=() CONNECT_EXTRA_PROPS=()
declare -A RESTART=()      # set when its config changed since it was started

CLUSTERS=()
declare -A CLUSTER_ID=() CLUSTER_VOTERS=() CLUSTER_NODES=() CLUSTER_BOOTSTRAP=() CLUSTER_BROKERS=()
declare -A CLUSTER_FORMAT_ARGS=() # extra StorageTool args, e.g. --add-scram
declare -A CLUSTER_ZK=() # zookeeper.connect of a cluster in ZooKeeper mode (lab/legacy.sh)

declare -A NODE_ID=() NODE_ROLES=() NODE_PORT=() NODE_CTRL_PORT=() NODE_RACK=() NODE_REGION=()
# Extra client listeners (comma-separated "NAME://127.0.0.1:PORT"), the
# addresses they advertise (same form), their protocol map entries
# ("NAME:PROTOCOL") and extra property lines per node, e.g. for the SASL_SSL
# listener (lab/secure.sh) and the per-location listeners (lab/wan.sh).
declare -A NODE_EXTRA_LISTENERS=() NODE_EXTRA_ADVERTISED=() NODE_EXTRA_PROTOCOLS=() NODE_EXTRA_PROPS=()
# Listener a broker replicates over and controller.quorum.voters as the node
# sees them (lab/wan.sh: both depend on the node's region).
declare -A NODE_INTER_BROKER=() NODE_VOTERS=()
# Processes started before the Kafka nodes (the WAN proxies they talk through).
declare -A PROC_EARLY=()

add_proc() { # add_proc NAME PORT START_FN [CLUSTER] [MORE_PORTS]
  PROCS+=("$1")
  PROC_PORT[$1]=$2
  PROC_START[$1]=$3
  PROC_CLUSTER[$1]=${4:-}
  PROC_MORE_PORTS[$1]=${5:-}
}

kafka_cluster() { # kafka_cluster NAME CLUSTER_ID CONTROLLER_QUORUM_VOTERS
  CLUSTERS+=("$1")
  CLUSTER_ID[$1]=$2
  CLUSTER_VOTERS[$1]=$3
  CLUSTER_NODES[$1]=""
  CLUSTER_BOOTSTRAP[$1]=""
  CLUSTER_BROKERS[$1]=0
}

kafka_node() { # kafka_node CLUSTER NODE_ID ROLES CLIENT_PORT CONTROLLER_PORT|- REGION RACK|-
  local cluster=$1 name="$1-$2"
  NODE_ID[$name]=$2
  NODE_ROLES[$name]=$3
  NODE_PORT[$name]=$4
  NODE_CTRL_PORT[$name]=$5
  NODE_REGION[$name]=$6
  NODE_RACK[$name]=$7
  CLUSTER_NODES[$cluster]+="${CLUSTER_NODES[$cluster]:+ }$name"
  if [[ $3 == *broker* ]]; then
    CLUSTER_BOOTSTRAP[$cluster]+="${CLUSTER_BOOTSTRAP[$cluster]:+,}127.0.0.1:$4"
    CLUSTER_BROKERS[$cluster]=$((CLUSTER_BROKERS[$cluster] + 1))
  fi
  add_proc "$name" "$4" start_kafka_node "$cluster" "${5#-}"
}

# The lab topology. Cluster ids are fixed so that data dirs stay valid
# across runs. Other processes get an add_proc line here plus start_*,
# write_*_config and *_ready functions below.
define_lab() {
  #             name      cluster id              controller.quorum.voters
  kafka_cluster us-east   t3Bxg2WoQn-9CwsWeymqnA  1@127.0.0.1:20092
  kafka_cluster eu-west   q7-V-fRsRPWs70eLIUDoBQ  1@127.0.0.1:30092
  kafka_cluster ap-south  K3ZqfX0eTsaDpBnF2iKQNw  1@127.0.0.1:24092
  # The stretch cluster's quorum has a controller in each region, so that
  # it survives the loss of any one region, us-east's included.
  kafka_cluster stretch   dWpFAWumTaSmNYTLvYXkhA  1@127.0.0.1:26091,3@127.0.0.1:26093,4@127.0.0.1:26094

  #          cluster   id  roles              client  controller  region    rack
  kafka_node us-east   1   broker,controller  19092   20092       us-east   -
  kafka_node eu-west   1   broker,controller  29092   30092       eu-west   -
  kafka_node ap-south  1   broker,controller  23092   24092       ap-south  -
  kafka_node stretch   1   broker,controller  25091   26091       us-east   us-east-1a
  kafka_node stretch   2   broker             25092   -           us-east   us-east-1b
  kafka_node stretch   3   broker,controller  25093   26093       eu-west   eu-west-1a
  kafka_node stretch   4   broker,controller  25094   26094       ap-south  ap-south-1a

  # Kafka 3.9 on ZooKeeper, in us-east (lab/legacy.sh).
  configure_legacy_cluster

  # SASL_SSL and mTLS listeners, authorizer and admin user (lab/secure.sh).
  configure_secure_cluster

  # Kafka Connect worker (MirrorMaker 2 connectors). Its internal topics are on
  # ap-south, which the disaster-recovery drill never stops.
  add_proc connect 8083 start_connect
  PROC_CONFIG[connect]=write_connect_config
  PROC_READY[connect]=connect_ready
  PROC_NEEDS[connect]=ap-south
  PROC_JVM_OPTS[connect]=$CONNECT_HEAP_OPTS

  # A second worker secured as in production: HTTPS, basic authentication,
  # cluster secrets read from files by a config provider (lab/secure.sh).
  configure_secure_connect

  # One listener per client location on every node, and the Toxiproxy
  # proxies between locations (lab/wan.sh).
  configure_wan
}

# Names of the Kafka nodes / of the other processes, in start order.
kafka_procs() {
  local name
  for name in "${PROCS[@]}"; do
    if [[ -n ${PROC_CLUSTER[$name]} ]]; then printf '%s\n' "$name"; fi
  done
}
other_procs() { # other_procs early|late
  local name want=$1 when
  for name in "${PROCS[@]}"; do
    [[ -z ${PROC_CLUSTER[$name]} ]] || continue
    when=late
    [[ -z ${PROC_EARLY[$name]:-} ]] || when=early
    if [[ $when == "$want" ]]; then printf '%s\n' "$name"; fi
  done
}

# ---------------------------------------------------------------------------
# Jars

# Fill a jar directory with Maven once; the marker holds the pom's hash so a
# changed pom refetches. Download into a temp dir so a failed run leaves no
# half set.
ensure_libs() { # ensure_libs POM DIR KAFKA_VERSION
  local pom=$1 dir=$2 version=$3 want tmp
  want=$(sha256sum "$pom" | cut -d' ' -f1)
  if [[ -f $dir/.complete && $(<"$dir/.complete") == "$want" ]]; then
    return
  fi
  command -v mvn >/dev/null || die "mvn not found; it is needed once to fetch the Kafka jars"
  log "fetching Kafka $version jars with Maven into $dir"
  tmp="$dir.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  # sed: some Maven builds print stray colour codes even with -B -q.
  mvn -q -B -f "$pom" dependency:copy-dependencies -DoutputDirectory="$tmp" 2>&1 |
    sed $'s/\e\\[[0-9;]*m//g' ||
    die "Maven could not fetch the Kafka jars (see output above)"
  [[ -f $tmp/kafka_2.13-$version.jar && -f $tmp/log4j-slf4j-impl-2.24.3.jar ]] ||
    die "Maven finished but expected jars are missing in $tmp"
  printf '%s\n' "$want" >"$tmp/.complete"
  rm -rf "$dir"
  mv "$tmp" "$dir"
}

# Compile the readiness probe once (recompiled when the source changes).
ensure_labcheck() {
  local src="$ROOT/lab/LabCheck.java" cls="$LAB/classes/LabCheck.class"
  [[ -f $cls && $cls -nt $src ]] && return
  command -v javac >/dev/null || return 0 # fall back to java's source launcher
  mkdir -p "$LAB/classes"
  javac -nowarn -cp "$LIBS/*" -d "$LAB/classes" "$src" || die "could not compile $src"
}

# ---------------------------------------------------------------------------
# Config and storage

# Move FILE.tmp to FILE; mark NAME for restart if it was running with an
# older version of the file. (Not fed by a pipe: RESTART must be set in
# this shell, not in a pipeline subshell.)
install_config() { # install_config NAME FILE
  local tmp="$2.tmp"
  if [[ -f $2 ]] && cmp -s "$tmp" "$2"; then
    rm -f "$tmp"
  else
    [[ -f $2 ]] && RESTART[$1]=1
    mv "$tmp" "$2"
  fi
}

write_kafka_config() { # write_kafka_config NAME
  local n=$1 cluster=${PROC_CLUSTER[$1]}
  local listeners="PLAINTEXT://127.0.0.1:${NODE_PORT[$n]}"
  local advertised=$listeners
  local protocols="PLAINTEXT:PLAINTEXT"
  [[ -n ${CLUSTER_ZK[$cluster]:-} ]] || protocols+=",CONTROLLER:PLAINTEXT"
  if [[ -n ${NODE_EXTRA_LISTENERS[$n]:-} ]]; then
    listeners+=",${NODE_EXTRA_LISTENERS[$n]}"
    advertised+=",${NODE_EXTRA_ADVERTISED[$n]}"
    protocols+=",${NODE_EXTRA_PROTOCOLS[$n]}"
  fi
  if [[ ${NODE_ROLES[$n]} == *controller* ]]; then
    listeners+=",CONTROLLER://127.0.0.1:${NODE_CTRL_PORT[$n]}"
  fi

  local file
  file=$(config_file "$n")
  {
    cat "$ROOT/lab/config/kafka-common.properties"
    printf '\n# --- node %s (generated by lab/lab-up.sh) ---\n' "$n"
    if [[ -n ${CLUSTER_ZK[$cluster]:-} ]]; then
      write_zookeeper_broker_props "$n"
    else
      printf 'node.id=%s\n' "${NODE_ID[$n]}"
      printf 'process.roles=%s\n' "${NODE_ROLES[$n]}"
      printf 'controller.quorum.voters=%s\n' "${NODE_VOTERS[$n]:-${CLUSTER_VOTERS[$cluster]}}"
      printf 'controller.listener.names=CONTROLLER\n'
    fi
    printf 'inter.broker.listener.name=%s\n' "${NODE_INTER_BROKER[$n]:-PLAINTEXT}"
    printf 'listeners=%s\n' "$listeners"
    printf 'advertised.listeners=%s\n' "$advertised"
    printf 'listener.security.protocol.map=%s\n' "$protocols"
    printf 'log.dirs=%s\n' "$LAB/data/$cluster/${NODE_ID[$n]}"
    if [[ ${NODE_RACK[$n]} != - ]]; then
      printf 'broker.rack=%s\n' "${NODE_RACK[$n]}"
    fi
    if [[ -n ${NODE_EXTRA_PROPS[$n]:-} ]]; then
      printf '%s\n' "${NODE_EXTRA_PROPS[$n]}"
    fi
  } >"$file.tmp"
  install_config "$n" "$file"
}

# Distributed worker, alone in its group (geokafka-lab-NAME, internal topics
# NAME-configs/-offsets/-status). One worker serves replication links
# into every region, so connectors point their own clients at the right
# clusters through producer./consumer./admin.override.* (policy All).
# Classpath plugins: every Connect and MirrorMaker 2 jar ships ServiceLoader
# manifests, so service_load finds them without the slow reflective scan of
# the whole classpath that the default (hybrid_warn) does.
write_connect_config() { # write_connect_config NAME
  local n=$1 port=${PROC_PORT[$1]} scheme=${CONNECT_SCHEME[$1]:-http} file
  file=$(config_file "$n")
  cat >"$file.tmp" <<EOF
# Kafka Connect worker $n (generated by lab/lab-up.sh)
# JVM heap: ${PROC_JVM_OPTS[$n]:-}
bootstrap.servers=${CLUSTER_BOOTSTRAP_FROM["${PROC_NEEDS[$n]} $CONNECT_REGION"]}
group.id=geokafka-lab-$n
config.storage.topic=$n-configs
config.storage.replication.factor=1
offset.storage.topic=$n-offsets
offset.storage.replication.factor=1
offset.storage.partitions=5
status.storage.topic=$n-status
status.storage.replication.factor=1
status.storage.partitions=1
key.converter=org.apache.kafka.connect.converters.ByteArrayConverter
value.converter=org.apache.kafka.connect.converters.ByteArrayConverter
connector.client.config.override.policy=All
offset.flush.interval.ms=1000
scheduled.rebalance.max.delay.ms=0
plugin.discovery=service_load
listeners=$scheme://127.0.0.1:$port
rest.advertised.listener=$scheme
rest.advertised.host.name=127.0.0.1
rest.advertised.port=$port
EOF
  if [[ -n ${CONNECT_EXTRA_PROPS[$n]:-} ]]; then
    printf '%s\n' "${CONNECT_EXTRA_PROPS[$n]}" >>"$file.tmp"
  fi
  install_config "$n" "$file"
}

# A cluster is (re)formatted when any node lacks meta.properties or carries
# another cluster id. All its nodes are then stopped and wiped together,
# because a half-formatted quorum never becomes ready.
cluster_formatted() { # cluster_formatted CLUSTER
  local c=$1 n meta
  for n in ${CLUSTER_NODES[$c]}; do
    meta="$LAB/data/$c/${NODE_ID[$n]}/meta.properties"
    grep -qx "cluster.id=${CLUSTER_ID[$c]}" "$meta" 2>/dev/null || return 1
  done
}

# Format all clusters that need it, every node in parallel (one JVM each).
format_clusters() {
  local c n i dir
  local -a extra jobs=() names=()
  for c in "${CLUSTERS[@]}"; do
    [[ -z ${CLUSTER_ZK[$c]:-} ]] || continue # ZooKeeper mode: nothing to format
    cluster_formatted "$c" && continue
    log "formatting storage of cluster $c"
    # Processes that keep state in this cluster go first: their topics vanish.
    for n in "${!PROC_NEEDS[@]}"; do
      if [[ ${PROC_NEEDS[$n]} == "$c" ]]; then stop_procs "$n"; fi
    done
    # shellcheck disable=SC2086 # the node list is space separated on purpose
    stop_in_waves ${CLUSTER_NODES[$c]}
    rm -rf "${LAB:?}/data/$c"
    read -ra extra <<<"${CLUSTER_FORMAT_ARGS[$c]:-}"
    for n in ${CLUSTER_NODES[$c]}; do
      dir="$LAB/data/$c/${NODE_ID[$n]}"
      mkdir -p "$dir"
      java "${TOOL_JVM_OPTS[@]}" "-Dlab.log.file=$LAB/logs/format-$n.log" -cp "$LIBS/*" \
        kafka.tools.StorageTool format --config "$(config_file "$n")" \
        --cluster-id "${CLUSTER_ID[$c]}" "${extra[@]}" >"$LAB/logs/format-$n.out" 2>&1 9>&- &
      jobs+=($!)
      names+=("$n")
    done
  done
  for i in "${!jobs[@]}"; do
    wait "${jobs[$i]}" || {
      cat "$LAB/logs/format-${names[$i]}.out" >&2
      die "formatting storage for ${names[$i]} failed"
    }
  done
}

# ---------------------------------------------------------------------------
# Processes

port_open() { # port_open PORT -> true if something accepts on 127.0.0.1:PORT
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# Start a detached JVM (own session, so it outlives this script and the
# caller's terminal) and record its pid.
launch_java() { # launch_java NAME JAVA_ARGS...
  local name=$1
  shift
  printf '=== %s started by lab-up.sh\n' "$(date -Is)" >"$LAB/logs/$name.out"
  local -a extra
  read -ra extra <<<"${PROC_JVM_OPTS[$name]:-}"
  setsid java "${JVM_OPTS[@]}" "${extra[@]}" "-Dlab.proc=$name" "-Dlab.log.file=$LAB/logs/$name.log" \
    -cp "${PROC_LIBS[$name]:-$LIBS}/*" "$@" </dev/null >>"$LAB/logs/$name.out" 2>&1 9>&- &
  printf '%s\n' "$!" >"$(pid_file "$name")"
}

start_kafka_node() { # start_kafka_node NAME
  launch_java "$1" kafka.Kafka "$(config_file "$1")"
}

start_connect() { # start_connect NAME
  launch_java "$1" org.apache.kafka.connect.cli.ConnectDistributed "$(config_file "$1")"
}

# GET http://127.0.0.1:PORT/PATH; prints the body, fails unless the answer
# is 200. curl if present, else plain bash (HTTP/1.0: the server closes).
http_get() { # http_get PORT PATH
  local resp
  if command -v curl >/dev/null; then
    curl -fsS --max-time 3 "http://127.0.0.1:$1$2" 2>/dev/null
    return
  fi
  resp=$(timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" "$2" >&3
    cat <&3' _ "$1" "$2" 2>/dev/null) || return 1
  [[ $resp =~ ^HTTP/1\.[01]\ 200 ]] || return 1
  printf '%s' "${resp#*$'\r\n\r\n'}"
}

# The worker has joined its group and loaded the MirrorMaker 2 plugins.
connect_ready() { # connect_ready NAME
  local body
  body=$(http_get "${PROC_PORT[$1]}" /connector-plugins) || return 1
  [[ $body == *'"org.apache.kafka.connect.mirror.MirrorSourceConnector"'* ]]
}

# Leave a healthy process alone, restart a dead, hung or reconfigured one.
ensure_proc() { # ensure_proc NAME
  local name=$1 port=${PROC_PORT[$1]} pid age
  if pid=$(read_pid "$name") && is_ours "$pid" "$name"; then
    if [[ -z ${RESTART[$name]:-} ]]; then
      if port_open "$port"; then
        log "$name already running (pid $pid, port $port)"
        return
      fi
      age=$(ps -o etimes= -p "$pid" | tr -d ' ')
      age=${age:-0}
      if ((age < STARTING_GRACE)); then
        log "$name still starting (pid $pid, ${age}s old)"
        return
      fi
      log "$name (pid $pid) is not listening on $port after ${age}s, restarting"
    else
      log "$name config changed, restarting"
    fi
    stop_procs "$name"
  fi
  rm -f "$(pid_file "$name")"
  log "starting $name (port $port)"
  "${PROC_START[$name]}" "$name"
}

# Before touching anything: every port of a process we are about to start
# must be free, otherwise it belongs to someone else.
check_ports_free() {
  local name pid port
  for name in "${PROCS[@]}"; do
    if pid=$(read_pid "$name") && is_ours "$pid" "$name"; then
      continue
    fi
    for port in ${PROC_PORT[$name]} ${PROC_MORE_PORTS[$name]}; do
      if port_open "$port"; then
        die "port $port (needed by $name) is in use by a process the lab did not start"
      fi
    done
  done
}

# Ports the kernel hands out to outgoing connections: a lab port in that
# range can be taken by a client socket (the nodes and proxies connect to
# each other while they start) before its owner binds it.
check_ports_not_ephemeral() {
  local lo hi name port bad=""
  read -r lo hi </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || return 0
  for name in "${PROCS[@]}"; do
    for port in ${PROC_PORT[$name]} ${PROC_MORE_PORTS[$name]}; do
      if ((port >= lo && port <= hi)); then bad+=" $port($name)"; fi
    done
  done
  [[ -z $bad ]] || log "warning: these lab ports are in the ephemeral range $lo-$hi, so a start can fail with 'Address already in use':$bad"
}

show_log_tail() { # show_log_tail NAME
  local f
  for f in "$LAB/logs/$1.log" "$LAB/logs/$1.out"; do
    [[ -s $f ]] || continue
    # The cause is logged before the long shutdown sequence that follows it.
    if grep -q -E ' (ERROR|FATAL) ' "$f"; then
      printf -- '----- first errors in %s -----\n' "$f" >&2
      grep -m 5 -A 3 -E ' (ERROR|FATAL) ' "$f" >&2
    fi
    printf -- '----- last lines of %s -----\n' "$f" >&2
    tail -n 30 "$f" >&2
  done
}

# Fail fast if any of the named processes died while we wait for readiness.
check_all_alive() { # check_all_alive NAME...
  local name pid
  for name in "$@"; do
    if ! pid=$(read_pid "$name") || ! is_ours "$pid" "$name"; then
      show_log_tail "$name"
      die "$name exited during startup (see $LAB/logs/$name.log)"
    fi
  done
}

# Wait until every Kafka node listens and every cluster is usable.
wait_ready() {
  local deadline=$((SECONDS + READY_TIMEOUT)) name pending c left
  local -a args=() labcheck nodes
  mapfile -t nodes < <(kafka_procs)
  # 1) Every node listens on its port (cheap, no JVM).
  while :; do
    check_all_alive "${nodes[@]}"
    pending=""
    for name in "${nodes[@]}"; do
      port_open "${PROC_PORT[$name]}" || pending+=" $name"
    done
    [[ -z $pending ]] && break
    if ((SECONDS >= deadline)); then
      for name in $pending; do show_log_tail "$name"; done
      die "timed out after ${READY_TIMEOUT}s waiting for:$pending"
    fi
    sleep 0.5
  done

  # 2) Every cluster reports all its brokers and answers metadata requests.
  #    One JVM polls all clusters; meanwhile keep watching for crashes.
  for c in "${CLUSTERS[@]}"; do
    args+=("$c=${CLUSTER_BOOTSTRAP[$c]}=${CLUSTER_BROKERS[$c]}")
  done
  if [[ -f $LAB/classes/LabCheck.class ]]; then
    labcheck=(-cp "$LAB/classes:$LIBS/*" LabCheck)
  else
    labcheck=(-cp "$LIBS/*" "$ROOT/lab/LabCheck.java")
  fi
  left=$((deadline - SECONDS))
  ((left < 5)) && left=5
  java "${TOOL_JVM_OPTS[@]}" "-Dlab.log.file=$LAB/logs/labcheck.log" \
    "-Dlab.scram=$SECURE_CLUSTER,$SECURE_USER,$LAB/certs/admin.password" "${labcheck[@]}" \
    "$left" "${args[@]}" 2>"$LAB/logs/labcheck.err" 9>&- &
  local check=$!
  while pid_alive "$check"; do
    if ! (check_all_alive "${nodes[@]}"); then
      kill "$check" 2>/dev/null || true
      exit 1
    fi
    sleep 0.5
  done
  if ! wait "$check"; then
    cat "$LAB/logs/labcheck.err" >&2
    for c in "${CLUSTERS[@]}"; do
      grep -q "^  $c: NOT READY" "$LAB/logs/labcheck.err" || continue
      for name in ${CLUSTER_NODES[$c]}; do show_log_tail "$name"; done
    done
    die "clusters did not become ready within ${READY_TIMEOUT}s"
  fi
}

# Wait until the other processes (Connect, the proxies) pass their readiness
# check. The Kafka nodes are watched too (the worker cannot start without its
# cluster), unless --alone: the proxies start before them.
wait_others_ready() { # wait_others_ready [--alone] NAME...
  local deadline=$((SECONDS + READY_TIMEOUT)) name pending
  local -a nodes=()
  if [[ $1 == --alone ]]; then
    shift
  else
    mapfile -t nodes < <(kafka_procs)
  fi
  while :; do
    check_all_alive "${nodes[@]}" "$@"
    pending=""
    for name in "$@"; do
      "${PROC_READY[$name]}" "$name" || pending+=" $name"
    done
    [[ -z $pending ]] && return
    if ((SECONDS >= deadline)); then
      for name in $pending; do show_log_tail "$name"; done
      die "timed out after ${READY_TIMEOUT}s waiting for:$pending"
    fi
    sleep 0.5
  done
}

# ---------------------------------------------------------------------------
# Outputs for other scripts

# One "export KEY=VALUE" line; shell-quoted only when the value needs it.
env_line() { # env_line KEY VALUE
  if [[ $2 =~ ^[A-Za-z0-9_./:,@+=-]*$ ]]; then
    printf 'export %s=%s\n' "$1" "$2"
  else
    printf 'export %s=%q\n' "$1" "$2"
  fi
}

write_env() {
  local c var
  {
    printf '# Generated by lab/lab-up.sh; source it. Do not edit.\n'
    env_line LAB_ROOT "$LAB"
    env_line LAB_KAFKA_LIBS "$LIBS"
    env_line LAB_TERRAFORM "$CACHE/bin/terraform"
    env_line LAB_TERRAFORM_NEWEST "${LAB_TERRAFORM_NEWEST:-$CACHE/bin/terraform-1.13.3}"
    env_line LAB_TERRAFORMRC "$LAB/terraformrc"
    env_line LAB_TOFU "${LAB_TOFU:-$CACHE/bin/tofu-1.12.6}"
    env_line LAB_TOFURC "$LAB/tofurc"
    for c in "${CLUSTERS[@]}"; do
      var=${c^^}
      env_line "LAB_${var//-/_}_BOOTSTRAP" "${CLUSTER_BOOTSTRAP[$c]}"
    done

    printf '\n# Kafka Connect worker (distributed, MirrorMaker 2 connectors)\n'
    env_line LAB_CONNECT_URL "http://127.0.0.1:${PROC_PORT[connect]}"
    write_secure_env
    write_secure_connect_env
    write_legacy_env
    write_wan_env
  } >"$LAB/lab.env.tmp"
  mv "$LAB/lab.env.tmp" "$LAB/lab.env"
}

# Terraform CLI config: the geokafka provider comes only from the local
# filesystem mirror (filled by the provider build), everything else as usual.
# A two-part address ("geokafka/geokafka") means the default registry host.
write_terraformrc() {
  write_cli_config terraformrc 'disable_checkpoint = true'
}

# OpenTofu CLI config: the same rule. OpenTofu resolves "geokafka/geokafka"
# to its own default registry host, so the mirror holds the provider under
# that host's directory too (make install fills both).
write_tofurc() {
  write_cli_config tofurc
}

write_cli_config() { # write_cli_config FILE [EXTRA_LINE]
  mkdir -p "$LAB/plugins"
  cat >"$LAB/$1.tmp" <<EOF
# Generated by lab/lab-up.sh. Use with TF_CLI_CONFIG_FILE=$LAB/$1
${2:-}
provider_installation {
  filesystem_mirror {
    path    = "$LAB/plugins"
    include = ["geokafka/geokafka"]
  }
  direct {
    exclude = ["geokafka/geokafka"]
  }
}
EOF
  mv "$LAB/$1.tmp" "$LAB/$1"
}

# ---------------------------------------------------------------------------

main() {
  local started=$SECONDS name
  local -a nodes early others
  command -v java >/dev/null || die "java not found (Java 17+ is required)"
  take_lock
  mkdir -p "$LAB"/{bin,config,data,logs,pids}
  ensure_certs
  define_lab
  mapfile -t nodes < <(kafka_procs)
  mapfile -t early < <(other_procs early)
  mapfile -t others < <(other_procs late)
  ensure_libs "$ROOT/lab/pom.xml" "$LIBS" "$KAFKA_VERSION"
  ensure_libs "$ROOT/lab/pom-legacy.xml" "$LEGACY_LIBS" "$LEGACY_KAFKA_VERSION"
  ensure_labcheck
  for name in "${PROCS[@]}"; do
    if [[ -n ${PROC_CLUSTER[$name]} ]]; then
      write_kafka_config "$name"
    else
      "${PROC_CONFIG[$name]}" "$name"
    fi
  done
  check_ports_free
  check_ports_not_ephemeral
  # The proxies first: brokers outside their controller's region reach it
  # through one.
  for name in "${early[@]}"; do
    ensure_proc "$name"
  done
  wait_others_ready --alone "${early[@]}"
  format_clusters
  for name in "${nodes[@]}"; do
    ensure_proc "$name"
  done
  log "waiting for all clusters to be ready (up to ${READY_TIMEOUT}s)"
  wait_ready
  # Connect needs its cluster: start it only now.
  for name in "${others[@]}"; do
    ensure_proc "$name"
  done
  if ((${#others[@]} > 0)); then
    log "waiting for${others[*]/#/ } to be ready (up to ${READY_TIMEOUT}s)"
    wait_others_ready "${others[@]}"
  fi
  apply_wan
  write_env
  write_terraformrc
  write_tofurc
  log "lab ready in $((SECONDS - started))s; source $LAB/lab.env"
}

main "$@"
