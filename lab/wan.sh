# Sourced by lab/lab-up.sh: the distance between regions.
#
# Locations are the three regions and "ci", where terraform runs. Every Kafka
# node has, next to its direct PLAINTEXT listener (the zero-latency address
# everything else uses), one PLAINTEXT listener per location, FROM_US_EAST,
# FROM_EU_WEST, FROM_AP_SOUTH and FROM_CI, bound on client port + 100 * i
# (i = 1..4 in WAN_LOCATIONS order). A client in location L bootstraps on
# FROM_L addresses and is told FROM_L addresses back:
#   - in the node's own region, the listener is advertised as it is bound;
#   - from any other location, it is advertised at a Toxiproxy proxy on
#     bound port + 50, named <from>_to_<to>.<node>, so every connection
#     between two locations crosses a proxy of that pair.
# A broker replicates over its own region's listener (inter.broker.listener.
# name), so stretch brokers in different regions fetch from each other
# through the pair's proxy, and a broker outside its controller's region
# reaches the controller through one too (controller port + 100 * i + 50).
#
# The Kafka Connect worker sits in eu-west (CONNECT_REGION): it reaches
# every cluster on its FROM_EU_WEST addresses, and ci reaches its REST API
# through a proxy on 8183. Links into eu-west, the drill's and the demo's
# fail-over target, thus read across the WAN and write locally, as
# MirrorMaker 2 is meant to run.
#
# Toxiproxy (API 127.0.0.1:8474) loads the proxies when it starts. The
# latency matrix and partitions are toxics that scripts/wan sets and keeps in
# .lab/wan/state.json. lab-up resets them: LAB_WAN=1 (make lab-up WAN=1) sets
# the default matrix, anything else none, so `make lab-up` alone keeps a
# zero-latency lab.

WAN_LOCATIONS=(us-east eu-west ap-south ci)
CONNECT_REGION=eu-west
TOXIPROXY=${LAB_TOXIPROXY:-$CACHE/bin/toxiproxy-server}
TOXIPROXY_PORT=8474
CONNECT_CI_PORT=8183

# "CLUSTER LOCATION" -> the cluster's bootstrap list as seen from LOCATION.
declare -A CLUSTER_BOOTSTRAP_FROM=()
PROXIES_JSON=()
declare -A PROXY_NAMES=()

listener_of() { # listener_of LOCATION -> FROM_US_EAST
  local l=${1^^}
  printf 'FROM_%s' "${l//-/_}"
}

add_proxy() { # add_proxy FROM TO TARGET LISTEN_PORT UPSTREAM_PORT
  local name="$1_to_$2.$3"
  [[ -z ${PROXY_NAMES[$name]:-} ]] || return 0
  PROXY_NAMES[$name]=1
  PROXIES_JSON+=("{\"name\":\"$name\",\"listen\":\"127.0.0.1:$4\",\"upstream\":\"127.0.0.1:$5\",\"enabled\":true}")
  PROC_MORE_PORTS[toxiproxy]+=" $4"
}

configure_wan() {
  local c n x i loc name bind adv region voters
  add_proc toxiproxy "$TOXIPROXY_PORT" start_toxiproxy
  PROC_EARLY[toxiproxy]=1
  PROC_CONFIG[toxiproxy]=write_toxiproxy_config
  PROC_READY[toxiproxy]=toxiproxy_ready

  for c in "${CLUSTERS[@]}"; do
    for n in ${CLUSTER_NODES[$c]}; do
      region=${NODE_REGION[$n]}
      for i in "${!WAN_LOCATIONS[@]}"; do
        loc=${WAN_LOCATIONS[$i]}
        name=$(listener_of "$loc")
        bind=$((NODE_PORT[$n] + 100 * (i + 1)))
        adv=$bind
        if [[ $loc != "$region" ]]; then
          adv=$((bind + 50))
          add_proxy "$loc" "$region" "$n" "$adv" "$bind"
        fi
        NODE_EXTRA_LISTENERS[$n]+="${NODE_EXTRA_LISTENERS[$n]:+,}$name://127.0.0.1:$bind"
        NODE_EXTRA_ADVERTISED[$n]+="${NODE_EXTRA_ADVERTISED[$n]:+,}$name://127.0.0.1:$adv"
        NODE_EXTRA_PROTOCOLS[$n]+="${NODE_EXTRA_PROTOCOLS[$n]:+,}$name:PLAINTEXT"
        PROC_MORE_PORTS[$n]+=" $bind"
        if [[ ${NODE_ROLES[$n]} == *broker* ]]; then
          CLUSTER_BOOTSTRAP_FROM["$c $loc"]+="${CLUSTER_BOOTSTRAP_FROM["$c $loc"]:+,}127.0.0.1:$adv"
        fi
      done
      NODE_INTER_BROKER[$n]=$(listener_of "$region")
    done
    # Controllers as each node sees them: direct in their own region,
    # through the pair's proxy from the others.
    for n in ${CLUSTER_NODES[$c]}; do
      region=${NODE_REGION[$n]}
      voters=""
      for x in ${CLUSTER_NODES[$c]}; do
        [[ ${NODE_ROLES[$x]} == *controller* ]] || continue
        adv=${NODE_CTRL_PORT[$x]}
        if [[ ${NODE_REGION[$x]} != "$region" ]]; then
          for i in "${!WAN_LOCATIONS[@]}"; do
            [[ ${WAN_LOCATIONS[$i]} == "$region" ]] && break
          done
          adv=$((NODE_CTRL_PORT[$x] + 100 * (i + 1) + 50))
          add_proxy "$region" "${NODE_REGION[$x]}" "$x-controller" "$adv" "${NODE_CTRL_PORT[$x]}"
        fi
        voters+="${voters:+,}${NODE_ID[$x]}@127.0.0.1:$adv"
      done
      NODE_VOTERS[$n]=$voters
    done
  done
  add_proxy ci "$CONNECT_REGION" connect "$CONNECT_CI_PORT" "${PROC_PORT[connect]}"
}

write_toxiproxy_config() { # write_toxiproxy_config NAME
  local file
  file=$(config_file "$1")
  (IFS=,; printf '[%s]\n' "${PROXIES_JSON[*]}") >"$file.tmp"
  install_config "$1" "$file"
}

start_toxiproxy() { # start_toxiproxy NAME
  [[ -x $TOXIPROXY ]] || die "Toxiproxy not found at $TOXIPROXY (run: make lab-up, which installs it)"
  printf '=== %s started by lab-up.sh\n' "$(date -Is)" >"$LAB/logs/$1.out"
  setsid "$TOXIPROXY" -host 127.0.0.1 -port "$TOXIPROXY_PORT" -config "$(config_file "$1")" \
    </dev/null >>"$LAB/logs/$1.out" 2>&1 9>&- &
  printf '%s\n' "$!" >"$(pid_file "$1")"
}

toxiproxy_ready() { # toxiproxy_ready NAME
  http_get "$TOXIPROXY_PORT" /version >/dev/null
}

# Build scripts/wan and set the default matrix with LAB_WAN=1, or none; no
# partition either way.
apply_wan() {
  local mode=zero
  [[ ${LAB_WAN:-} == 1 ]] && mode=default
  (cd "$ROOT" && go build -o "$LAB/bin/wan" ./scripts/wan) || die "could not build scripts/wan"
  "$LAB/bin/wan" -lab "$LAB" init "$mode" || die "could not set the WAN toxics (scripts/wan)"
}

write_wan_env() {
  local c loc var
  printf '\n# Regions as locations: addresses of each cluster as seen from each location\n'
  printf '# (lab/wan.sh); traffic between locations crosses Toxiproxy (scripts/wan).\n'
  env_line LAB_WAN_API "http://127.0.0.1:$TOXIPROXY_PORT"
  env_line LAB_WAN_LOCATIONS "${WAN_LOCATIONS[*]}"
  env_line LAB_CONNECT_REGION "$CONNECT_REGION"
  env_line LAB_CONNECT_URL_FROM_CI "http://127.0.0.1:$CONNECT_CI_PORT"
  for c in "${CLUSTERS[@]}"; do
    for loc in "${WAN_LOCATIONS[@]}"; do
      var="LAB_${c^^}_BOOTSTRAP_FROM_${loc^^}"
      env_line "${var//-/_}" "${CLUSTER_BOOTSTRAP_FROM["$c $loc"]}"
    done
  done
}
