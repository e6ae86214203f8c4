#!/usr/bin/env bash
# Kannel 1.4.5 as a customer of Ringway: interoperability with a real SMPP peer nobody on the team wrote.
#
#   benchmarks/run-kannel-interop.sh [--messages 20]
#
# Installs Kannel from Debian's packages when missing (apt-get; needs root). Starts, on 127.0.0.1 and free ports,
# ./ringway with a copy of config/ringway.yaml (its in-process simulator as upstream) and Kannel's bearerbox +
# smsbox with one SMPP transceiver bound to Ringway as the demo account (demo/demo123). Sends N one-part messages
# and one three-part message through Kannel's sendsms with dlr-mask 3 and a dlr-url on a local listener, then
# checks that Kannel accepted every one and that every one got a final delivery report back through Ringway
# (Ringway's receipt deliver_sm, parsed by Kannel, turned into its dlr-url call). Then one message from a sender
# the account may not use: Ringway refuses it (submit_sm_resp ESME_RINVSRCADR, header only as SMPP 3.4 §4.4.2
# has it), and Kannel must read that answer and report the rejection (dlr-url type 16). Exits 1 when any is missing.
# Every process is stopped on exit; logs stay in benchmarks/target/kannel-interop-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."

MESSAGES=20
while [ $# -gt 0 ]; do
  case "$1" in
    --messages) MESSAGES=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

if ! command -v bearerbox >/dev/null; then
  apt-get update -q >/dev/null && apt-get install -y -q kannel >/dev/null
fi

WORK=$(pwd)/benchmarks/target/kannel-interop-$(date +%Y%m%d-%H%M%S)
mkdir -p "$WORK"
. benchmarks/script-helpers.sh
trap stop_started EXIT


SMPP=$(free_port) HTTP=$(free_port) UPSTREAM=$(free_port) ADMIN=$(free_port) BOX=$(free_port)
SENDSMS=$(free_port) DLR=$(free_port)

ringway_config "$SMPP" "$HTTP" "$UPSTREAM" > "$WORK/ringway.yaml"
./ringway --config "$WORK/ringway.yaml" > "$WORK/ringway.log" 2>&1 & PIDS+=($!)
wait_for_port "$SMPP" ringway

python3 - "$DLR" "$WORK/dlr.log" > /dev/null 2>&1 <<'PY' & PIDS+=($!)
import http.server, sys
port, log = int(sys.argv[1]), sys.argv[2]
class Reports(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with open(log, 'a') as out:
            out.write(self.path + '\n')
        self.send_response(200); self.end_headers(); self.wfile.write(b'ok')
    def log_message(self, *args):
        pass
http.server.HTTPServer(('127.0.0.1', port), Reports).serve_forever()
PY
wait_for_port "$DLR" dlr-listener

cat > "$WORK/kannel.conf" <<CONF
group = core
admin-port = $ADMIN
admin-password = interop
smsbox-port = $BOX
log-level = 1
log-file = "$WORK/bearerbox-file.log"
box-allow-ip = 127.0.0.1
dlr-storage = internal

group = smsc
smsc = smpp
smsc-id = ringway
host = 127.0.0.1
port = $SMPP
smsc-username = demo
smsc-password = demo123
system-type = ""
transceiver-mode = true
source-addr-ton = 5
source-addr-npi = 0
dest-addr-ton = 1
dest-addr-npi = 1
msg-id-type = 0x00

group = smsbox
bearerbox-host = 127.0.0.1
sendsms-port = $SENDSMS
global-sender = RINGWAY
log-level = 1

group = sendsms-user
username = interop
password = interop-pass
max-messages = 3
concatenation = true
CONF
start_kannel "$WORK/kannel.conf" "$BOX" "$SENDSMS"
sleep 2 # the SMPP bind

send() { # $1 recipient, $2 text (URL-encoded), $3 reference, $4 more parameters
  curl -s "http://127.0.0.1:$SENDSMS/cgi-bin/sendsms?username=interop&password=interop-pass&to=%2B$1&text=$2&dlr-mask=19&dlr-url=http%3A%2F%2F127.0.0.1%3A$DLR%2Fdlr%3Fref%3D$3%26type%3D%25d${4:-}"
}
accepted=0
for i in $(seq 1 "$MESSAGES"); do
  answer=$(send "90532$(printf '%07d' "$i")" "Kodunuz+$((100000 + i))" "m$i")
  [[ "$answer" == *"Accepted for delivery"* ]] && accepted=$((accepted + 1))
done
long=$(python3 -c 'print("+".join(["Uzun%20mesaj"] * 40))')
answer=$(send "905329999999" "$long" "long")
[[ "$answer" == *"Accepted for delivery"* ]] && accepted=$((accepted + 1))
total=$((MESSAGES + 1))

final=0
for _ in $(seq 1 150); do
  final=$( (grep -E 'type=(1|2|16)$' "$WORK/dlr.log" 2>/dev/null || true) | sed -e 's/.*ref=\([^&]*\).*/\1/' | sort -u | wc -l)
  [ "$final" -ge "$total" ] && break
  sleep 0.2
done
echo "Kannel sendsms accepted $accepted of $total (one of them three parts); final delivery reports back: $final of $total"

send "905321111111" "Kodunuz+1" "refused" "&from=OTHER" > /dev/null
rejected=0
for _ in $(seq 1 50); do
  rejected=$( (grep -cE 'ref=refused&type=16$' "$WORK/dlr.log" 2>/dev/null || true) )
  [ "$rejected" -ge 1 ] && break
  sleep 0.2
done
echo "a submission from a sender the account may not use: rejection reports from Kannel: $rejected of 1"
echo "logs in $WORK"
[ "$accepted" -eq "$total" ] && [ "$final" -eq "$total" ] && [ "$rejected" -eq 1 ]
