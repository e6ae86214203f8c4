#!/usr/bin/env bash
# Ringway against its bare baseline over SMPP, in one run on this machine, so that the engine's cost is a ratio.
#
#   benchmarks/run-smpp-comparison.sh [--rounds N] [--duration 20s] [--warmup 5s] [--binds 4] [--window 64]
#
# Starts, on 127.0.0.1 and free ports, three processes from benchmarks/target/benchmarks.jar:
#   sink       LoadGenerator --mode smpp-sink: the trivial responder, for the generator's own ceiling
#   baseline   SimulatorMain: the SMSC simulator alone (the bare baseline: no engine in between)
#   engine     io.ringway.server.Main: Ringway (journal, rating, routing) with the same simulator upstream
# then runs the load generator: once against the sink, then N rounds of, alternated,
#   ingest (no receipts):  baseline, engine        end to end (--dlr):  baseline, engine
# and prints each run's figures and the engine/baseline ratio of each round. Every process is stopped on exit;
# the full reports and the processes' logs are kept in benchmarks/target/comparison-<time>/.
# RINGWAY_ENGINE_OPTS adds JVM options to the engine (e.g. a JFR recording). JAR runs another build, e.g. a copy
# of an earlier benchmarks.jar, so that two builds can be compared back to back on the same machine.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=2 DURATION=20s WARMUP=5s BINDS=4 WINDOW=64
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --binds) BINDS=$2; shift 2 ;;
    --window) WINDOW=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; sed -n '4p' "$0" | sed 's/^# //' >&2; exit 2 ;;
  esac
done

. benchmarks/script-helpers.sh # CHRONICLE_FLAGS, benchmarks_jar, free_port, wait_for_port, ...
benchmarks_jar
FLAGS=("${CHRONICLE_FLAGS[@]}")
# Both servers run with the launcher's collector setting (see java_flags in ./ringway).
SERVER_HEAP=(-Xms1g -Xmx1g -XX:G1ConcRefinementThreads=0)

WORK=$(mktemp -d -t ringway-comparison.XXXXXX)
KEEP=benchmarks/target/comparison-$(date +%Y%m%d-%H%M%S)
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  mkdir -p "$KEEP" && cp "$WORK"/*.txt "$WORK"/*.log "$WORK"/*.yaml "$KEEP"/ 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

SINK_PORT=$(free_port) BASELINE_PORT=$(free_port) ENGINE_PORT=$(free_port) UPSTREAM_PORT=$(free_port)

# One configuration for both: the simulator section (receipt delay, outcomes) is what the baseline runs with
# too. The demo account (demo/demo123, hash from config/ringway.yaml) is metered: every message is rated and
# reserved, and settled or refunded by its receipt.
cat > "$WORK/ringway.yaml" <<EOF
smpp:
  host: 127.0.0.1
  port: $ENGINE_PORT
journal:
  directory: $WORK/data
ring:
  size: 65536
simulator:
  enabled: true
  host: 127.0.0.1
  port: $UPSTREAM_PORT
  receipt-delay: 100ms
price-lists:
  - name: standard
    default: "0.0500"
    prefixes: {"90": "0.0125", "905": "0.0100", "44": "0.0350", "447": "0.0300", "49": "0.0600", "1": "0.0090",
               "33": "0.0450", "91": "0.0080", "234": "0.0300", "62": "0.0250", "55": "0.0200", "971": "0.0300"}
accounts:
  - system-id: demo
    password-hash: pbkdf2-sha256\$120000\$dNZffOmQ9hGqQV3vJ/vdgQ\$nzdEyuj4nvvue73rNaqCehaGIZ8b1J79msLLOEohDfo
    max-binds: 8
    price-list: standard
    balance: "100000000.00"
upstreams:
  - name: sim
    host: 127.0.0.1
    port: $UPSTREAM_PORT
    system-id: ringway
    password: sim-pass
    binds: 4
    window: 128
EOF

await_server() { # $1 port, $2 name, $3 log: like wait_for_port, and shows the log when it fails
  for _ in $(seq 1 150); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "$2 did not open port $1; its log:" >&2; cat "$3" >&2; exit 1
}

java "${FLAGS[@]}" -cp "$JAR" io.ringway.benchmarks.loadgen.LoadGenerator --mode smpp-sink --port "$SINK_PORT" \
  >"$WORK/sink.log" 2>&1 & PIDS+=($!)
java "${FLAGS[@]}" "${SERVER_HEAP[@]}" -cp "$JAR" io.ringway.connectors.simulator.SimulatorMain \
  --port "$BASELINE_PORT" --config "$WORK/ringway.yaml" >"$WORK/baseline.log" 2>&1 & PIDS+=($!)
# shellcheck disable=SC2086
java "${FLAGS[@]}" "${SERVER_HEAP[@]}" ${RINGWAY_ENGINE_OPTS:-} -cp "$JAR" io.ringway.server.Main \
  --config "$WORK/ringway.yaml" >"$WORK/engine.log" 2>&1 & PIDS+=($!)
await_server "$SINK_PORT" sink "$WORK/sink.log"
await_server "$BASELINE_PORT" baseline "$WORK/baseline.log"
await_server "$ENGINE_PORT" engine "$WORK/engine.log"

seconds() { case "$1" in *ms) echo 1 ;; *s) echo "${1%s}" ;; *m) echo $(( ${1%m} * 60 )) ;; esac; }
LIMIT=$(( $(seconds "$DURATION") + $(seconds "$WARMUP") + 90 ))

# $1 label, $2 port, rest: extra loadgen options. Prints the RESULT line's fields after the label.
load() {
  local label=$1 port=$2; shift 2
  local out="$WORK/$label.txt"
  timeout "$LIMIT" java -cp "$JAR" io.ringway.benchmarks.loadgen.LoadGenerator --mode smpp --port "$port" \
    --binds "$BINDS" --window "$WINDOW" --warmup "$WARMUP" --duration "$DURATION" --drain 30s "$@" >"$out" 2>&1 \
    || { echo "$label failed:" >&2; cat "$out" >&2; exit 1; }
  local result
  result=$(grep '^RESULT ' "$out" | sed 's/^RESULT //')
  printf '%-24s %s\n' "$label" "$result" >&2
  echo "$result"
}
field() { tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1 == k {print $2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

echo "jar: $JAR" >&2
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "each run: $BINDS binds x window $WINDOW, closed loop, warm-up $WARMUP, measured $DURATION" >&2
sink=$(load sink "$SINK_PORT")
SUMMARY=()
for round in $(seq 1 "$ROUNDS"); do
  b=$(load "baseline-ingest-$round" "$BASELINE_PORT" --system-id ringway --password sim-pass)
  e=$(load "engine-ingest-$round" "$ENGINE_PORT")
  bd=$(load "baseline-dlr-$round" "$BASELINE_PORT" --system-id ringway --password sim-pass --dlr)
  ed=$(load "engine-dlr-$round" "$ENGINE_PORT" --dlr)
  SUMMARY+=("$(printf '%-6s ingest %7s/s vs baseline %7s/s = %sx (goal 0.8x) | end to end DLR %7s/s vs %7s/s = %sx (goal 0.5x)' \
    "$round" "$(field "$e" answers_per_s)" "$(field "$b" answers_per_s)" \
    "$(ratio "$(field "$e" answers_per_s)" "$(field "$b" answers_per_s)")" \
    "$(field "$ed" dlr_per_s)" "$(field "$bd" dlr_per_s)" \
    "$(ratio "$(field "$ed" dlr_per_s)" "$(field "$bd" dlr_per_s)")")")
done
echo
echo "generator ceiling against the sink: $(field "$sink" answers_per_s) submit_sm_resp/s"
echo "round  engine / bare baseline"
printf '%s\n' "${SUMMARY[@]}"
echo "load average now $(cut -d' ' -f1-3 /proc/loadavg); full reports and logs in $KEEP"
