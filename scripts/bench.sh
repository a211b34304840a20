#!/usr/bin/env bash
# Refresh benchmark against the running lab, through the real terraform CLI.
#
#  1. Creates BENCH_TOPICS (default 1000) geokafka_topic resources on each of
#     BENCH_CLUSTERS (default us-east eu-west ap-south; examples/bench/topics),
#     timed, then as many terraform_data resources, timed, as the floor, and
#     as many topics of a provider that does nothing (examples/bench/
#     noop-provider, geokafka's schema): what any external provider costs.
#     Each create also reports the CPU that terraform with its provider, and
#     the lab, used meanwhile: the lab shares the machine's cores.
#  2. Times `terraform plan -refresh=true` three times (median) and counts the
#     Kafka requests the provider sent (GEOKAFKA_STATS_DIR).
#  3. Times `terraform plan` of the terraform_data floor and of the no-op
#     provider, alternating with 2., three times each (median).
#  4. Prints a results table, writes .lab/bench/results.json, then destroys
#     the topics unless BENCH_KEEP=1.
#
# Knobs: BENCH_TOPICS (topics per cluster), BENCH_CLUSTERS (space-separated
# lab cluster keys), BENCH_KEEP=1 (keep the topics), BENCH_PARALLELISM
# (terraform -parallelism, default 50), BENCH_RUNS (interleaved plan pairs,
# default 3), BENCH_NOOP=0 (leave out the no-op provider floor, which the
# targets do not need: it saves a third of a long run), BENCH_TERRAFORM (the
# CLI to time, default the lab's). Other shapes the
# targets speak of:
#   BENCH_TOPICS=300 BENCH_CLUSTERS=us-east     one cluster of 300 topics
#   BENCH_TOPICS=10000 BENCH_CLUSTERS=us-east BENCH_NOOP=0
#   BENCH_TERRAFORM=$HOME/.cache/geokafka/bin/terraform-1.13.3
#                                               one cluster of 10,000 (about
#     an hour under terraform 1.13.3; 1.8.5 is several times slower at that
#     size. The lab's default broker heap cannot hold 10,000 partitions:
#     start it with LAB_HEAP_OPTS="-Xms512m -Xmx1g" make lab-up)
# Expects `make install lab-up` first (`make bench` does both).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

die() { printf 'bench: ERROR: %s\n' "$*" >&2; exit 1; }
say() { printf 'bench: %s\n' "$*"; }

[[ -r .lab/lab.env ]] || die ".lab/lab.env not found: the lab is not up (run: make lab-up)"
# shellcheck source=/dev/null
source .lab/lab.env

N=${BENCH_TOPICS:-1000}
KEEP=${BENCH_KEEP:-0}
PAR=${BENCH_PARALLELISM:-50}
RUNS=${BENCH_RUNS:-3}
NOOP=${BENCH_NOOP:-1}
read -r -a CLUSTERS <<<"${BENCH_CLUSTERS:-us-east eu-west ap-south}"
# Targets: plan within 1.2x of the floor and at most 1.5 ms per topic above
# it; create within 1.5x of the floor's apply; a 3 x 1,000 plan in at most
# 150 MiB of provider memory; Kafka requests that do not grow with topics.
TARGET_RATIO=1.2
TARGET_MS_PER_TOPIC=1.5
TARGET_APPLY_RATIO=1.5
TARGET_RSS_MIB=150
TARGET_REQS=0.05
[[ $N =~ ^[1-9][0-9]*$ ]] || die "BENCH_TOPICS must be a positive integer, got '$N'"
[[ $PAR =~ ^[1-9][0-9]*$ ]] || die "BENCH_PARALLELISM must be a positive integer, got '$PAR'"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer, got '$RUNS'"
[[ $NOOP == [01] ]] || die "BENCH_NOOP must be 0 or 1, got '$NOOP'"
((${#CLUSTERS[@]} > 0)) || die "BENCH_CLUSTERS names no cluster"
TOTAL=$((N * ${#CLUSTERS[@]}))

command -v jq >/dev/null || die "jq is required"
TF=${BENCH_TERRAFORM:-${LAB_TERRAFORM:-}}
[[ -n $TF && -x $TF ]] || die "terraform CLI not found at '${TF}' (run: make lab-up, or set BENCH_TERRAFORM)"
[[ -r ${LAB_TERRAFORMRC:-} ]] || die "CLI config '${LAB_TERRAFORMRC:-}' not found (run: make lab-up)"
compgen -G '.lab/plugins/registry.terraform.io/geokafka/geokafka/*/*/terraform-provider-geokafka_v*' >/dev/null ||
  die "provider not installed in .lab/plugins (run: make install)"

declare -A BOOTSTRAP=(
  [us-east]=${LAB_US_EAST_BOOTSTRAP:-}
  [eu-west]=${LAB_EU_WEST_BOOTSTRAP:-}
  [ap-south]=${LAB_AP_SOUTH_BOOTSTRAP:-}
)
for c in "${CLUSTERS[@]}"; do
  [[ -v BOOTSTRAP[$c] ]] || die "BENCH_CLUSTERS: unknown cluster '$c' (use us-east, eu-west, ap-south)"
  addr=${BOOTSTRAP[$c]%%,*}
  [[ $addr == *:* ]] || die "no bootstrap address for cluster $c in .lab/lab.env"
  timeout 2 bash -c "exec 3<>/dev/tcp/${addr%:*}/${addr##*:}" 2>/dev/null ||
    die "cluster $c does not answer on $addr: the lab is not up (run: make lab-up)"
done

# Never download anything, never talk to anything but the lab.
export CHECKPOINT_DISABLE=1
export TF_IN_AUTOMATION=1
export TF_INPUT=0
export TF_CLI_CONFIG_FILE=$LAB_TERRAFORMRC
unset GEOKAFKA_STATS_DIR TF_CLI_ARGS TF_CLI_ARGS_plan TF_CLI_ARGS_apply TF_CLI_ARGS_destroy

BENCH=$ROOT/.lab/bench
# Each shape has its own working directories and topic names, so a kept
# shape never collides with another.
SHAPE=${N}-per-$(IFS=-; printf '%s' "${CLUSTERS[*]}")
TOPICS_DIR=$BENCH/$SHAPE/topics
BASE_DIR=$BENCH/$SHAPE/baseline
NOOP_DIR=$BENCH/$SHAPE/noop
STATS=$BENCH/stats
LOGS=$BENCH/logs
mkdir -p "$TOPICS_DIR" "$BASE_DIR" "$NOOP_DIR" "$STATS" "$LOGS"

exec 8>"$BENCH/lock"
flock -n 8 || die "another benchmark is running (lock $BENCH/lock)"

topics_maybe_exist=false
on_exit() {
  local rc=$?
  if ((rc != 0)) && $topics_maybe_exist; then
    printf 'bench: topics may still exist on the lab; run the benchmark again, or remove them with:\n' >&2
    printf '  (cd %s && TF_CLI_CONFIG_FILE=%s %s destroy -auto-approve -parallelism=%s)\n' \
      "$TOPICS_DIR" "$LAB_TERRAFORMRC" "$TF" "$PAR" >&2
  fi
}
trap on_exit EXIT

now() { printf '%s' "${EPOCHREALTIME/,/.}"; }
# CPU seconds: of this script's finished children (terraform, and the
# provider processes it started and waited for), and of the lab's processes
# (brokers, controllers, Connect, Toxiproxy), which share the machine's cores.
TICK=$(getconf CLK_TCK)
CORES=$(nproc)
child_cpu() { awk -v t="$TICK" '{ printf "%.2f", ($16 + $17) / t }' "/proc/$$/stat"; }
lab_cpu() {
  local f pid ticks=0
  for f in .lab/pids/*.pid; do
    pid=$(<"$f")
    [[ -r /proc/$pid/stat ]] && ticks=$((ticks + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
  done
  awk -v n="$ticks" -v t="$TICK" 'BEGIN { printf "%.2f", n / t }'
}
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# tf DIR LOGNAME ARGS...: run terraform in DIR, output to $LOGS/LOGNAME.log;
# on failure show the end of the log and stop.
tf() {
  local dir=$1 log=$LOGS/$2.log rc=0
  shift 2
  (cd "$dir" && "$TF" "$@" -no-color) >"$log" 2>&1 || rc=$?
  if ((rc != 0)); then
    printf -- '----- last lines of %s -----\n' "$log" >&2
    tail -n 40 "$log" >&2
    die "terraform $1 in $dir failed (exit $rc)"
  fi
}

# Working directories: fresh configuration and lock file, state kept (a
# second run reuses the topics a kept or interrupted run left behind).
prepare() { # prepare DIR SOURCE_DIR VARS_JSON
  cp "$2/main.tf" "$1/main.tf"
  printf '%s\n' "$3" >"$1/terraform.tfvars.json"
  rm -f "$1/.terraform.lock.hcl"
}

servers_json=$(for c in "${CLUSTERS[@]}"; do
  jq -cn --arg k "$c" --arg s "${BOOTSTRAP[$c]}" '{($k): ($s | split(","))}'
done | jq -cs 'add')
prepare "$TOPICS_DIR" examples/bench/topics \
  "$(jq -n --argjson n "$N" --argjson s "$servers_json" --arg p "bench-$SHAPE" \
    '{topics_per_cluster: $n, bootstrap_servers: $s, prefix: $p}')"
prepare "$BASE_DIR" examples/bench/baseline \
  "$(jq -n --argjson n "$N" --argjson c "$(printf '%s\n' "${CLUSTERS[@]}" | jq -R . | jq -cs .)" \
    --arg p "bench-$SHAPE" '{topics_per_cluster: $n, clusters: $c, prefix: $p}')"

# The no-op provider, served from its own directory: terraform needs no init.
go build -o "$BENCH/noop-provider/terraform-provider-geokafkanoop" ./examples/bench/noop-provider ||
  die "could not build examples/bench/noop-provider"
NOOP_RC=$BENCH/noop.tfrc
printf 'provider_installation {\n  dev_overrides {\n    "geokafka/geokafkanoop" = "%s"\n  }\n  direct {}\n}\n' \
  "$BENCH/noop-provider" >"$NOOP_RC"
sed 's|"geokafka/geokafka"|"geokafka/geokafkanoop"|' examples/bench/topics/main.tf >"$NOOP_DIR/main.tf"
cp "$TOPICS_DIR/terraform.tfvars.json" "$NOOP_DIR/terraform.tfvars.json"

say "$N topics per cluster on ${CLUSTERS[*]} ($TOTAL topics), parallelism $PAR, $("$TF" version | sed -n 1p), logs in $LOGS"
tf "$TOPICS_DIR" topics-init init -input=false
tf "$BASE_DIR" baseline-init init -input=false

# ---------------------------------------------------------------------------
# Create the topics and the baseline resources.

say "applying $TOTAL geokafka_topic resources"
topics_maybe_exist=true
c0=$(child_cpu) l0=$(lab_cpu) t0=$(now)
tf "$TOPICS_DIR" topics-apply apply -auto-approve -input=false -parallelism="$PAR"
apply_s=$(elapsed "$t0" "$(now)") apply_cpu=$(elapsed "$c0" "$(child_cpu)") apply_lab=$(elapsed "$l0" "$(lab_cpu)")
apply_added=$(sed -n 's/^Apply complete! Resources: \([0-9]*\) added.*/\1/p' "$LOGS/topics-apply.log")
apply_added=${apply_added:-0}
say "apply: ${apply_s}s, $apply_added topics created"

say "applying $TOTAL terraform_data resources"
c0=$(child_cpu) l0=$(lab_cpu) t0=$(now)
tf "$BASE_DIR" baseline-apply apply -auto-approve -input=false -parallelism="$PAR"
base_apply_s=$(elapsed "$t0" "$(now)") base_cpu=$(elapsed "$c0" "$(child_cpu)") base_lab=$(elapsed "$l0" "$(lab_cpu)")
base_added=$(sed -n 's/^Apply complete! Resources: \([0-9]*\) added.*/\1/p' "$LOGS/baseline-apply.log")
say "apply: ${base_apply_s}s, ${base_added:-0} terraform_data created"

noop_apply_s=0 noop_added=0 noop_cpu=0 noop_lab=0
if ((NOOP)); then
  say "applying $TOTAL topics of the no-op provider"
  c0=$(child_cpu) l0=$(lab_cpu) t0=$(now)
  TF_CLI_CONFIG_FILE=$NOOP_RC tf "$NOOP_DIR" noop-apply apply -auto-approve -input=false -parallelism="$PAR"
  noop_apply_s=$(elapsed "$t0" "$(now)") noop_cpu=$(elapsed "$c0" "$(child_cpu)") noop_lab=$(elapsed "$l0" "$(lab_cpu)")
  noop_added=$(sed -n 's/^Apply complete! Resources: \([0-9]*\) added.*/\1/p' "$LOGS/noop-apply.log")
  say "apply: ${noop_apply_s}s, ${noop_added:-0} no-op topics created"
fi

# ---------------------------------------------------------------------------
# Plans. -detailed-exitcode: 0 = no changes, 2 = changes (reported, since
# the refresh of untouched topics should find none), 1 = error.

plan() { # plan DIR LOGNAME -> sets PLAN_S (wall time) and PLAN_CLEAN
  local dir=$1 log=$LOGS/$2.log rc=0 t0 t1
  t0=$(now)
  (cd "$dir" && "$TF" plan -refresh=true -input=false -parallelism="$PAR" -detailed-exitcode -no-color) \
    >"$log" 2>&1 || rc=$?
  t1=$(now)
  case $rc in
    0) PLAN_CLEAN=true ;;
    2) PLAN_CLEAN=false ;;
    *)
      printf -- '----- last lines of %s -----\n' "$log" >&2
      tail -n 40 "$log" >&2
      die "terraform plan in $dir failed (exit $rc)"
      ;;
  esac
  PLAN_S=$(elapsed "$t0" "$t1")
}

# Stats of one plan: request counts summed over every provider process,
# peak RSS the largest of them.
collect_stats() { # collect_stats DIR -> JSON
  local files=("$1"/provider-*.json)
  [[ -e ${files[0]} ]] || { printf '{"processes":0,"requests":{},"total":0,"peak_rss_kb":0}'; return; }
  jq -cs '{
    processes: length,
    requests: (reduce (.[].requests // {} | to_entries[]) as $e ({}; .[$e.key] += $e.value)),
    peak_rss_kb: (map(.peak_rss_kb // 0) | max)
  } | .total = (.requests | add // 0)' "${files[@]}"
}

# The three kinds of plan alternate, so that a change in the machine's load
# during the benchmark weighs on all alike.
provider_runs=() provider_stats=() provider_clean=true
baseline_runs=() baseline_clean=true noop_runs=()
for i in $(seq "$RUNS"); do
  rm -rf "$STATS/run-$i"
  mkdir -p "$STATS/run-$i"
  GEOKAFKA_STATS_DIR=$STATS/run-$i plan "$TOPICS_DIR" "topics-plan-$i"
  sleep 0.3 # the provider writes its stats every 200 ms
  s=$(collect_stats "$STATS/run-$i")
  provider_runs+=("$PLAN_S")
  provider_stats+=("$s")
  $PLAN_CLEAN || provider_clean=false
  say "plan $i, geokafka_topic: ${PLAN_S}s, $(jq -r '.total' <<<"$s") Kafka requests, no changes: $PLAN_CLEAN"

  plan "$BASE_DIR" "baseline-plan-$i"
  baseline_runs+=("$PLAN_S")
  $PLAN_CLEAN || baseline_clean=false
  say "plan $i, terraform_data: ${PLAN_S}s, no changes: $PLAN_CLEAN"

  if ((NOOP)); then
    TF_CLI_CONFIG_FILE=$NOOP_RC plan "$NOOP_DIR" "noop-plan-$i"
    noop_runs+=("$PLAN_S")
    say "plan $i, no-op provider: ${PLAN_S}s"
  fi
done

# ---------------------------------------------------------------------------
# Results. Request numbers are those of the plan with the median request
# total; peak RSS is the largest over all plans. The create ratio is only
# reported when this run created every topic and every floor resource.

results=$(
  jq -n \
    --argjson n "$N" --argjson total "$TOTAL" --argjson par "$PAR" --argjson runs "$RUNS" \
    --argjson clusters "$(printf '%s\n' "${CLUSTERS[@]}" | jq -R . | jq -cs .)" \
    --argjson apply_s "$apply_s" --argjson apply_added "$apply_added" \
    --argjson base_apply_s "$base_apply_s" --argjson base_added "${base_added:-0}" \
    --argjson pruns "$(printf '%s\n' "${provider_runs[@]}" | jq -cs .)" \
    --argjson bruns "$(printf '%s\n' "${baseline_runs[@]}" | jq -cs .)" \
    --argjson nruns "$(printf '%s\n' "${noop_runs[@]}" | jq -cs .)" \
    --argjson noop_apply_s "$noop_apply_s" --argjson noop_added "${noop_added:-0}" \
    --argjson cores "$CORES" --argjson apply_cpu "$apply_cpu" --argjson apply_lab "$apply_lab" \
    --argjson base_cpu "$base_cpu" --argjson base_lab "$base_lab" --argjson noop_cpu "$noop_cpu" --argjson noop_lab "$noop_lab" \
    --argjson stats "$(printf '%s\n' "${provider_stats[@]}" | jq -cs .)" \
    --argjson pclean "$provider_clean" --argjson bclean "$baseline_clean" \
    --argjson tratio "$TARGET_RATIO" --argjson tms "$TARGET_MS_PER_TOPIC" --argjson tapply "$TARGET_APPLY_RATIO" \
    --argjson trss "$TARGET_RSS_MIB" --argjson treqs "$TARGET_REQS" '
    def median: sort | .[(length - 1) / 2 | floor];
    def r3: . * 1000 | round / 1000;
    def noop(f): if $nruns == [] then null else f end;
    ($stats | sort_by(.total) | .[(length - 1) / 2 | floor]) as $s
    | ($pruns | median) as $pm | ($bruns | median) as $bm
    | (if $nruns == [] then null else $nruns | median end) as $nm
    | ($pm / $bm) as $ratio
    | (($pm - $bm) * 1000 / $total) as $ms
    | ($s.total / $total) as $rpt
    | ($stats | map(.peak_rss_kb) | max / 1024) as $rss
    | (if $apply_added == $total and $base_added == $total and $base_apply_s > 0
       then $apply_s / $base_apply_s else null end) as $aratio
    | {
        topics_per_cluster: $n, clusters: $clusters, topics: $total, parallelism: $par, runs: $runs,
        apply: {seconds: $apply_s, topics_created: $apply_added, baseline_seconds: $base_apply_s,
                baseline_created: $base_added, ratio: ($aratio | if . then r3 else . end),
                noop_seconds: $noop_apply_s, noop_created: $noop_added,
                cpu_s: {cores: $cores, cli_and_provider: $apply_cpu, lab: $apply_lab,
                        baseline_cli: $base_cpu, baseline_lab: $base_lab,
                        noop_cli_and_provider: $noop_cpu, noop_lab: $noop_lab}},
        provider_plan: {
          runs_s: $pruns, median_s: $pm, no_changes: $pclean,
          requests_total: $s.total, requests_per_cluster: ($s.total / ($clusters | length)),
          requests_per_topic: ($rpt | . * 100000 | round / 100000),
          requests_by_name: $s.requests,
          requests_total_per_run: ($stats | map(.total)),
          provider_processes: $s.processes,
          peak_rss_kb: ($stats | map(.peak_rss_kb) | max)
        },
        baseline_plan: {runs_s: $bruns, median_s: $bm, no_changes: $bclean},
        noop_provider_plan: {runs_s: $nruns, median_s: $nm, ratio_to_floor: noop($nm / $bm | r3),
                             ms_per_topic_over_floor: noop(($nm - $bm) * 1000 / $total | r3)},
        ratio_to_noop_provider: noop($pm / $nm | r3),
        ms_per_topic_over_noop_provider: noop(($pm - $nm) * 1000 / $total | r3),
        ratio: ($ratio | r3),
        ms_per_topic_over_floor: ($ms | r3),
        targets: {ratio_max: $tratio, ms_per_topic_max: $tms, apply_ratio_max: $tapply,
                  peak_rss_mib_max: $trss, requests_per_topic_max: $treqs},
        meets_targets: {
          ratio: ($ratio <= $tratio), ms_per_topic: ($ms <= $tms),
          apply_ratio: (if $aratio then $aratio <= $tapply else null end),
          peak_rss: ($rss <= $trss), requests_per_topic: ($rpt <= $treqs)
        },
        destroy: null
      }'
)
printf '%s\n' "$results" >"$BENCH/results.json"

{
  printf '\n'
  printf 'geokafka plan benchmark: %s topics (%s per cluster x %s), parallelism %s, medians of %s interleaved runs\n' \
    "$TOTAL" "$N" "${#CLUSTERS[@]}" "$PAR" "$RUNS"
  jq -r '
    def r1: . * 10 | round / 10;
    def ok($m): if $m == null then "(not measured: the topics existed)" elif $m then "ok" else "MISSED" end;
    def runs: map(tostring + "s") | join(" ");
    .targets as $t | .meets_targets as $m |
    [
      ["plan, geokafka_topic (median)", "\(.provider_plan.median_s)s", "runs \(.provider_plan.runs_s | runs)"],
      ["plan, terraform_data (median)", "\(.baseline_plan.median_s)s", "runs \(.baseline_plan.runs_s | runs)"],
      (select(.noop_provider_plan.median_s != null)
        | ["plan, no-op provider (median)", "\(.noop_provider_plan.median_s)s", "runs \(.noop_provider_plan.runs_s | runs)"]),
      ["plan ratio to the floor", "\(.ratio)", "target <= \($t.ratio_max)  \(ok($m.ratio))"],
      ["plan cost per topic over floor", "\(.ms_per_topic_over_floor) ms", "target <= \($t.ms_per_topic_max) ms  \(ok($m.ms_per_topic))"],
      (select(.noop_provider_plan.median_s != null)
        | ["  of which any external provider", "\(.noop_provider_plan.ms_per_topic_over_floor) ms",
            "the no-op provider over the floor (ratio \(.noop_provider_plan.ratio_to_floor))"],
          ["  of which geokafka itself", "\(.ms_per_topic_over_noop_provider) ms", "geokafka over the no-op provider (ratio \(.ratio_to_noop_provider))"]),
      ["create (apply)", "\(.apply.seconds)s",
        "\(.apply.topics_created) topics; floor \(.apply.baseline_seconds)s for \(.apply.baseline_created)"
          + (if .apply.noop_created > 0 then "; no-op provider \(.apply.noop_seconds)s for \(.apply.noop_created)" else "" end)],
      (.apply.cpu_s as $c | ["create CPU", "\($c.cli_and_provider + $c.lab | r1)s",
        "terraform and provider \($c.cli_and_provider)s, lab \($c.lab)s (floor \($c.baseline_cli)s and \($c.baseline_lab)s"
          + (if .apply.noop_created > 0 then "; no-op provider \($c.noop_cli_and_provider)s and \($c.noop_lab)s" else "" end)
          + "); \($c.cores) cores busy \(($c.cli_and_provider + $c.lab) * 100 / ($c.cores * .apply.seconds) | round)%"]),
      ["create ratio to the floor", "\(.apply.ratio // "-")", "target <= \($t.apply_ratio_max)  \(ok($m.apply_ratio))"],
      ["provider peak RSS", "\(.provider_plan.peak_rss_kb / 1024 | . * 10 | round / 10) MiB",
        "target <= \($t.peak_rss_mib_max) MiB (for 3 x 1,000)  \(ok($m.peak_rss))"],
      ["Kafka requests per plan", "\(.provider_plan.requests_total)",
        "\(.provider_plan.requests_per_cluster) per cluster: " + (.provider_plan.requests_by_name | to_entries | sort_by(-.value) | map("\(.key) \(.value)") | join(", "))],
      ["Kafka requests per topic", "\(.provider_plan.requests_per_topic)", "target <= \($t.requests_per_topic_max)  \(ok($m.requests_per_topic))"],
      ["plans without changes", "\(.provider_plan.no_changes and .baseline_plan.no_changes)", ""]
    ][] | "  \(.[0] | . + " " * (32 - length)) \(.[1] | . + " " * (12 - length)) \(.[2])"
  ' <<<"$results"
  printf '  results: %s\n' "$BENCH/results.json"
}
$provider_clean || say "WARNING: plan of untouched topics shows changes (see $LOGS/topics-plan-1.log)"
$baseline_clean || say "WARNING: plan of terraform_data shows changes (see $LOGS/baseline-plan-1.log)"

# ---------------------------------------------------------------------------
# Clean up.

if [[ $KEEP == 1 ]]; then
  say "BENCH_KEEP=1: topics kept (state in $TOPICS_DIR)"
  exit 0
fi
say "destroying $TOTAL topics"
t0=$(now)
tf "$TOPICS_DIR" topics-destroy destroy -auto-approve -input=false -parallelism="$PAR"
destroy_s=$(elapsed "$t0" "$(now)")
topics_maybe_exist=false
# Nothing exists behind the floors' state: drop it, so that the next run
# times their creation again.
rm -rf "$NOOP_DIR" "$BASE_DIR"/terraform.tfstate*
jq --argjson s "$destroy_s" '.destroy = {seconds: $s}' <<<"$results" >"$BENCH/results.json"
printf '  %-32s %s\n' "destroy (delete topics)" "${destroy_s}s"
