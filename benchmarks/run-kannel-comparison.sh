#!/usr/bin/env bash
# Ringway's HTTP API against Kannel 1.4.5's sendsms, side by side, in one run on this machine (issue: a real peer).
#
#   benchmarks/run-kannel-comparison.sh [--rounds N] [--duration 15s] [--warmup 10s] [--connections 32]
#
# Installs Kannel and wrk from Debian's packages when missing (apt-get; needs root). Starts, on 127.0.0.1:
#   sink      the SMSC simulator alone (./ringway simulator) on a free port: Kannel's SMSC
#   kannel    bearerbox + smsbox (sendsms on a free port), one SMPP transceiver to the sink
#   ringway   ./ringway with a copy of config/ringway.yaml (its own in-process simulator as upstream), on free ports
# then, per round, the same wrk load (same connections, threads and duration) against Kannel's
# GET /cgi-bin/sendsms and Ringway's POST /api/v1/messages (one OTP each), alternated, and prints requests/s,
# latency and the Ringway/Kannel ratio. Ringway journals every accepted message; Kannel runs without a store.
# Every process is stopped on exit; logs stay in benchmarks/target/kannel-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=2 DURATION=15s WARMUP=10s CONNECTIONS=32
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

if ! command -v bearerbox >/dev/null || ! command -v wrk >/dev/null; then
  apt-get update -q >/dev/null && apt-get install -y -q kannel wrk >/dev/null
fi

WORK=benchmarks/target/kannel-$(date +%Y%m%d-%H%M%S)
mkdir -p "$WORK"
. benchmarks/script-helpers.sh
trap stop_started EXIT


SINK=$(free_port) SENDSMS=$(free_port) ADMIN=$(free_port) BOX=$(free_port)
SMPP=$(free_port) HTTP=$(free_port) UPSTREAM=$(free_port)

./ringway simulator --port "$SINK" > "$WORK/sink.log" 2>&1 & PIDS+=($!)
wait_for_port "$SINK" sink

cat > "$WORK/kannel.conf" <<CONF
group = core
admin-port = $ADMIN
admin-password = bench
smsbox-port = $BOX
log-level = 2
box-allow-ip = 127.0.0.1
dlr-storage = internal

group = smsc
smsc = smpp
smsc-id = sim
host = 127.0.0.1
port = $SINK
smsc-username = ringway
smsc-password = sim-pass
system-type = ""
transceiver-mode = true
max-pending-submits = 64

group = smsbox
bearerbox-host = 127.0.0.1
sendsms-port = $SENDSMS
global-sender = RINGWAY
log-level = 2

group = sendsms-user
username = demo
password = demo123
max-messages = 1
CONF
start_kannel "$WORK/kannel.conf" "$BOX" "$SENDSMS"

ringway_config "$SMPP" "$HTTP" "$UPSTREAM" > "$WORK/ringway.yaml"
./ringway --config "$WORK/ringway.yaml" > "$WORK/ringway.log" 2>&1 & PIDS+=($!)
wait_for_port "$HTTP" ringway

cat > "$WORK/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer demo-api-key"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"from":"RINGWAY","to":"+905321234567","text":"Your code is 123456","type":"otp"}'
LUA

run() { # $1 name, rest: wrk arguments; prints "name requests/s p50 p99 non2xx"
  local name=$1; shift
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" > "$WORK/$name.txt" 2>&1
  local rps p50 p99 bad
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/$name.txt")
  p50=$(awk '$1=="50%" {print $2}' "$WORK/$name.txt")
  p99=$(awk '$1=="99%" {print $2}' "$WORK/$name.txt")
  bad=$(awk '/Non-2xx/ {print $5}' "$WORK/$name.txt"); bad=${bad:-0}
  printf '%-18s %10s req/s  p50 %-8s p99 %-8s non-2xx %s\n' "$name" "$rps" "$p50" "$p99" "$bad" >&2
  echo "$rps"
}

# Unmeasured warm-up of both (Ringway's JIT compiles the submission path in the first seconds).
wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" "http://127.0.0.1:$SENDSMS/cgi-bin/sendsms?username=demo&password=demo123&to=905321234567&text=warmup" > /dev/null 2>&1
wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s "$WORK/post.lua" "http://127.0.0.1:$HTTP/api/v1/messages" > /dev/null 2>&1

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); $CONNECTIONS connections, 2 wrk threads, $DURATION per run" >&2
for round in $(seq 1 "$ROUNDS"); do
  kannel=$(run "kannel-$round" "http://127.0.0.1:$SENDSMS/cgi-bin/sendsms?username=demo&password=demo123&to=905321234567&text=Your+code+is+123456")
  ringway=$(run "ringway-$round" -s "$WORK/post.lua" "http://127.0.0.1:$HTTP/api/v1/messages")
  python3 -c "print('round $round: Ringway / Kannel = %.2fx (goal 2x)' % ($ringway / $kannel))"
done
echo "logs and wrk reports in $WORK" >&2
