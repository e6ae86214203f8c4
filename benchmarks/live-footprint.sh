#!/usr/bin/env bash
# How much heap a running node holds per message in flight: the SMSC simulator as a process of its own, whose
# receipts come 30 minutes after each submission, and a node (config/ringway.yaml with its embedded simulator off
# and that simulator as upstream, a 4 GB heap); the load generator submits M messages over SMPP asking for
# receipts, and the node's heap in use after a full collection is compared with before.
#
#   benchmarks/live-footprint.sh [--messages 1000000]
#
# Prints the load generator's RESULT line, the heap before and after, the bytes per message in flight, and the
# top of the node's class histogram. JAR selects the build (default benchmarks/target/benchmarks.jar).
# StateFootprint measures the same state after a journal replay, which shares repeated strings; this is the
# live figure.
set -euo pipefail
cd "$(dirname "$0")/.."

MESSAGES=1000000
while [ $# -gt 0 ]; do
  case "$1" in
    --messages) MESSAGES=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; sed -n '7p' "$0" | sed 's/^# //' >&2; exit 2 ;;
  esac
done
. benchmarks/script-helpers.sh # CHRONICLE_FLAGS, benchmarks_jar, free_port, wait_for_port, ...
benchmarks_jar
FLAGS=("${CHRONICLE_FLAGS[@]}")

WORK=$(mktemp -d -t ringway-footprint.XXXXXX)
cleanup() { stop_started; rm -rf "$WORK"; }
trap cleanup EXIT INT TERM
ENGINE_PORT=$(free_port) HTTP_PORT=$(free_port) UPSTREAM_PORT=$(free_port)

# The default configuration with this run's ports and journal, receipts 30 minutes away, and the node's own
# simulator off: the one the node sends to runs in a process of its own, so that its pending receipts are not
# counted in the node's heap.
ringway_config "$ENGINE_PORT" "$HTTP_PORT" "$UPSTREAM_PORT" | sed -e 's/^  receipt-delay: .*/  receipt-delay: 30m/' \
  > "$WORK/simulator.yaml"
sed -e '/^simulator:/,/^[a-z]/ s/^  enabled: true/  enabled: false/' "$WORK/simulator.yaml" > "$WORK/ringway.yaml"

java "${FLAGS[@]}" -Xmx3g -cp "$JAR" io.ringway.connectors.simulator.SimulatorMain --config "$WORK/simulator.yaml" \
  >"$WORK/simulator.log" 2>&1 & PIDS+=($!)
wait_for_port "$UPSTREAM_PORT" "the simulator"
java "${FLAGS[@]}" -Xms4g -Xmx4g -XX:G1ConcRefinementThreads=0 -cp "$JAR" io.ringway.server.Main \
  --config "$WORK/ringway.yaml" >"$WORK/engine.log" 2>&1 & ENGINE_PID=$!; PIDS+=("$ENGINE_PID")
wait_for_port "$ENGINE_PORT" "the engine's SMPP server"
sleep 2 # the upstream binds

heap_in_use() { # KB in use after a full collection
  jcmd "$ENGINE_PID" GC.run >/dev/null
  sleep 2
  jcmd "$ENGINE_PID" GC.heap_info | awk '/garbage-first heap/ {sub(/K$/, "", $6); print $6}'
}
before=$(heap_in_use)
java -cp "$JAR" io.ringway.benchmarks.loadgen.LoadGenerator --mode smpp --port "$ENGINE_PORT" --messages "$MESSAGES" \
  --dlr --warmup 0s --drain 1s >"$WORK/load.txt" 2>&1
grep '^RESULT ' "$WORK/load.txt"
after=$(heap_in_use)
echo "heap in use before ${before} KB, after ${after} KB: $(( (after - before) * 1024 / MESSAGES )) bytes per message in flight"
jcmd "$ENGINE_PID" GC.class_histogram | sed -n '2,10p'
