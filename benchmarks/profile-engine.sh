#!/usr/bin/env bash
# Where the engine's CPU goes under SMPP load: the engine alone (same configuration as run-smpp-comparison.sh),
# loaded by the load generator, with per-thread CPU and context switches read from /proc over 10 s of the run
# and, optionally, a JFR recording of the same 10 s.
#
#   benchmarks/profile-engine.sh [--dlr | --http] [--rate R] [--jfr FILE] [--engine-opts "JVM OPTIONS"]
#
# --http loads the engine on a copy of config/ringway.yaml (as run-kannel-comparison.sh runs it) with the load
# generator's HTTP mode, 32 keep-alive connections of POST /api/v1/messages, instead of SMPP. --rate runs the
# load open-loop at R messages a second (latency then corrected for coordinated omission) instead of at maximum.
#
# Prints the load generator's RESULT line, the engine's CPU time per answered message (all threads, GC and JIT
# included) and a table of threads by CPU. JAR selects the build (default benchmarks/target/benchmarks.jar).
# With --jfr: jfr print --events jdk.ExecutionSample FILE, and count the top frames. JFR_SETTINGS names the JFR
# settings (default: profile, which samples every 10-20 ms; a copy of profile.jfc with a 1 ms period sees more).
# SHOW_LOAD=1 prints the load generator's whole report (answers by status, errors by kind) before the RESULT line.
set -euo pipefail
cd "$(dirname "$0")/.."

DLR=() RATE=() HTTP="" JFR="" ENGINE_OPTS=""
while [ $# -gt 0 ]; do
  case "$1" in
    --dlr) DLR=(--dlr); shift ;;
    --http) HTTP=yes; shift ;;
    --rate) RATE=(--rate "$2"); shift 2 ;;
    --jfr) JFR=$2; shift 2 ;;
    --engine-opts) ENGINE_OPTS=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; sed -n '6p' "$0" | sed 's/^# //' >&2; exit 2 ;;
  esac
done
. benchmarks/script-helpers.sh # CHRONICLE_FLAGS, benchmarks_jar, free_port, wait_for_port, ...
benchmarks_jar
FLAGS=("${CHRONICLE_FLAGS[@]}")

WORK=$(mktemp -d -t ringway-profile.XXXXXX)
ENGINE_PID=""
cleanup() {
  if [ -n "$ENGINE_PID" ]; then kill "$ENGINE_PID" 2>/dev/null || true; wait "$ENGINE_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
ENGINE_PORT=$(free_port) UPSTREAM_PORT=$(free_port) HTTP_PORT=$(free_port)

if [ -n "$HTTP" ]; then
  ringway_config "$ENGINE_PORT" "$HTTP_PORT" "$UPSTREAM_PORT" > "$WORK/ringway.yaml"
else
# The configuration of run-smpp-comparison.sh, with this run's ports and journal.
sed -n '/^cat > "\$WORK\/ringway.yaml" <<EOF$/,/^EOF$/p' benchmarks/run-smpp-comparison.sh | sed '1d;$d' \
  | sed -e "s/\$ENGINE_PORT/$ENGINE_PORT/; s/\$UPSTREAM_PORT/$UPSTREAM_PORT/g; s#\$WORK#$WORK#; s/\\\\\\\$/\$/g" \
  > "$WORK/ringway.yaml"
fi

# shellcheck disable=SC2086
java "${FLAGS[@]}" -Xms1g -Xmx1g -XX:G1ConcRefinementThreads=0 $ENGINE_OPTS -cp "$JAR" io.ringway.server.Main --config "$WORK/ringway.yaml" \
  >"$WORK/engine.log" 2>&1 & ENGINE_PID=$!
for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$ENGINE_PORT") 2>/dev/null && break; sleep 0.2; done
[ -z "$HTTP" ] || wait_for_port "$HTTP_PORT" "the engine's HTTP API"

# One line per thread: tid name voluntary involuntary utime stime syscr syscw (the name may hold spaces: read it
# from comm, and count stat's fields from the end of the parenthesised name; syscr and syscw count the read and
# write system calls, socket reads and writes among them).
threads() {
  for t in /proc/"$ENGINE_PID"/task/*; do
    printf '%s %s %s %s %s %s\n' "$(basename "$t")" "$(tr ' ' '_' <"$t/comm")" \
      "$(awk '/^voluntary_ctxt/{print $2}' "$t/status")" "$(awk '/^nonvoluntary_ctxt/{print $2}' "$t/status")" \
      "$(sed 's/.*) //' "$t/stat" | awk '{print $12, $13}')" \
      "$(awk '$1 == "syscr:" {r = $2} $1 == "syscw:" {w = $2} END {print r + 0, w + 0}' "$t/io" 2>/dev/null)"
  done | sort
}
process_ticks() { sed 's/.*) //' /proc/"$ENGINE_PID"/stat | awk '{print $12 + $13}'; }
sample() {
  sleep 14
  [ -n "$JFR" ] && jcmd "$ENGINE_PID" JFR.start name=profile settings="${JFR_SETTINGS:-profile}" duration=10s filename="$JFR" >/dev/null
  threads >"$WORK/before.txt"; process_ticks >"$WORK/ticks-before.txt"
  sleep 10
  threads >"$WORK/after.txt"; process_ticks >"$WORK/ticks-after.txt"
}
sample & SAMPLER=$!
if [ -n "$HTTP" ]; then
  LOAD=(--mode http --port "$HTTP_PORT" --connections 32)
else
  LOAD=(--mode smpp --port "$ENGINE_PORT" --binds 4 --window 64 "${DLR[@]}")
fi
java -cp "$JAR" io.ringway.benchmarks.loadgen.LoadGenerator "${LOAD[@]}" "${RATE[@]}" --warmup 10s --duration 15s --drain 30s \
  >"$WORK/load.txt" 2>&1
wait "$SAMPLER"
sleep 1

[ -z "${SHOW_LOAD:-}" ] || cat "$WORK/load.txt"
result=$(grep '^RESULT ' "$WORK/load.txt")
echo "$result"
rate=$(tr ' ' '\n' <<<"$result" | awk -F= '$1 == "answers_per_s" {print $2}')
ticks=$(( $(cat "$WORK/ticks-after.txt") - $(cat "$WORK/ticks-before.txt") ))
hz=$(getconf CLK_TCK)
awk -v t="$ticks" -v hz="$hz" -v r="$rate" \
  'BEGIN { printf "engine CPU over 10 s: %.0f%% of a core, %.1f us per answered message\n", t * 100 / hz / 10, t * 1e6 / hz / (r * 10) }'
join "$WORK/before.txt" "$WORK/after.txt" | awk -v hz="$hz" -v r="$rate" '{
    name = $2; sub(/[-#]?[0-9]+$/, "", name)
    vol[name] += $10 - $3; inv[name] += $11 - $4; us[name] += $12 - $5; sy[name] += $13 - $6
    rd[name] += $14 - $7; wr[name] += $15 - $8 }
  END { for (n in vol) if (us[n] + sy[n] > 0)
    printf "%-16s user %5.1f%%  sys %5.1f%%  context switches/s: voluntary %6d, involuntary %6d" \
      "  reads, writes per message: %.2f, %.2f\n",
      n, us[n] * 100 / hz / 10, sy[n] * 100 / hz / 10, vol[n] / 10, inv[n] / 10, rd[n] / (r * 10), wr[n] / (r * 10) }' \
  | sort -k3 -rn
