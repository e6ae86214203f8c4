#!/usr/bin/env bash
# node-smpp (the npm package `smpp`) as a customer of Ringway: interoperability with an SMPP client nobody on the
# team wrote, from another language and library than jSMPP and Kannel.
#
#   benchmarks/run-node-smpp-interop.sh [--messages 50]
#
# Installs smpp@0.6.0-rc.4 from the npm registry into benchmarks/target (needs node and npm). Starts ./ringway
# with a copy of config/ringway.yaml on free ports (its in-process simulator as upstream), binds a transceiver as
# the demo account (demo/demo123), submits N messages asking for receipts (every fifth in Turkish, so UCS-2), and
# checks that every submit_sm_resp is ESME_ROK and that a receipt (esm_class 0x04) naming each returned message
# id in receipted_message_id comes back, then unbinds. Exits 1 when any is missing.
# Every process is stopped on exit; logs stay in benchmarks/target/node-smpp-interop-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."

MESSAGES=50
while [ $# -gt 0 ]; do
  case "$1" in
    --messages) MESSAGES=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

CLIENT=$(pwd)/benchmarks/target/node-smpp
if [ ! -d "$CLIENT/node_modules/smpp" ]; then
  mkdir -p "$CLIENT"
  (cd "$CLIENT" && npm init -y >/dev/null && npm install --no-audit --no-fund smpp@0.6.0-rc.4 >/dev/null)
fi

WORK=$(pwd)/benchmarks/target/node-smpp-interop-$(date +%Y%m%d-%H%M%S)
mkdir -p "$WORK"
. benchmarks/script-helpers.sh
trap stop_started EXIT


SMPP=$(free_port) HTTP=$(free_port) UPSTREAM=$(free_port)
ringway_config "$SMPP" "$HTTP" "$UPSTREAM" > "$WORK/ringway.yaml"
./ringway --config "$WORK/ringway.yaml" > "$WORK/ringway.log" 2>&1 & PIDS+=($!)
wait_for_port "$SMPP" ringway

cat > "$WORK/client.js" <<'JS'
const smpp = require('smpp');
const [port, count] = [Number(process.argv[2]), Number(process.argv[3])];
const session = smpp.connect({url: `smpp://127.0.0.1:${port}`});
const accepted = new Set(), refused = [], receipted = new Set(), strangers = [];
const report = () => `accepted ${accepted.size} of ${count}, refused ${refused.length} ${JSON.stringify(refused)}, ` +
  `receipts for ${receipted.size} of them, receipts naming no submitted id ${strangers.length}`;
const finishIfDone = () => {
  if (accepted.size + refused.length === count && receipted.size === accepted.size) {
    console.log(report());
    session.unbind(() => process.exit(refused.length === 0 && strangers.length === 0 ? 0 : 1));
  }
};
session.on('error', e => { console.log(`connection error: ${e.message}`); process.exit(1); });
session.on('deliver_sm', pdu => {
  session.send(pdu.response());
  if ((pdu.esm_class & 0x04) === 0) return;
  const id = pdu.receipted_message_id;
  if (accepted.has(id)) receipted.add(id); else strangers.push(id);
  finishIfDone();
});
session.bind_transceiver({system_id: 'demo', password: 'demo123'}, bound => {
  if (bound.command_status !== 0) { console.log(`bind refused: ${bound.command_status}`); process.exit(1); }
  for (let i = 0; i < count; i++) {
    const text = i % 5 === 0 ? `Doğrulama kodunuz: ${1000 + i}. İYS onayı için teşekkürler.` : `Your code is ${1000 + i}`;
    session.submit_sm({source_addr: 'RINGWAY', source_addr_ton: 5, destination_addr: `905321${String(230000 + i)}`,
                       dest_addr_ton: 1, dest_addr_npi: 1, short_message: text, registered_delivery: 1}, resp => {
      if (resp.command_status === 0) accepted.add(resp.message_id); else refused.push(resp.command_status);
      finishIfDone();
    });
  }
});
setTimeout(() => { console.log(`timed out: ${report()}`); process.exit(1); }, 60000);
JS

NODE_PATH="$CLIENT/node_modules" node "$WORK/client.js" "$SMPP" "$MESSAGES" | tee "$WORK/result.txt"
