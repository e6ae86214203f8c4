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
# id in receipted_message_id comes back; then asks query_sm for each and checks that it answers the state the
# receipt carried (message_state) with a final_date, and that an id never issued is ESME_RQUERYFAIL; then
# unbinds. Exits 1 when any is missing or differs.
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
const accepted = new Set(), refused = [], receipted = new Map(), strangers = [], queryMismatches = [];
let queried = 0, queryStarted = false;
const report = () => `accepted ${accepted.size} of ${count}, refused ${refused.length} ${JSON.stringify(refused)}, ` +
  `receipts for ${receipted.size} of them, receipts naming no submitted id ${strangers.length}, ` +
  `query_sm answered as the receipt said for ${queried - queryMismatches.length} of ${queried}` +
  (queryMismatches.length ? ` (differing: ${JSON.stringify(queryMismatches.slice(0, 5))})` : '');
const finish = () => {
  console.log(report());
  const ok = refused.length === 0 && strangers.length === 0 && queryMismatches.length === 0;
  session.unbind(() => process.exit(ok ? 0 : 1));
};
// query_sm for every receipted id: the state must be the receipt's message_state, with a final date; then one id
// that was never issued must be refused with ESME_RQUERYFAIL (0x67).
const queryAll = () => {
  const ids = [...receipted.keys()];
  let left = ids.length;
  if (left === 0) { finish(); return; }
  for (const id of ids) {
    session.query_sm({message_id: id, source_addr: 'RINGWAY', source_addr_ton: 5}, resp => {
      queried++;
      if (resp.command_status !== 0 || resp.message_state !== receipted.get(id) || !resp.final_date) {
        queryMismatches.push({id, status: resp.command_status, state: resp.message_state,
                              receipt: receipted.get(id), final_date: resp.final_date});
      }
      if (--left === 0) {
        session.query_sm({message_id: '00000000000fffff', source_addr: 'RINGWAY'}, unknown => {
          queried++;
          if (unknown.command_status !== 0x67) queryMismatches.push({unknownId: unknown.command_status});
          finish();
        });
      }
    });
  }
};
const finishIfDone = () => {
  if (!queryStarted && accepted.size + refused.length === count && receipted.size === accepted.size) {
    queryStarted = true;
    queryAll();
  }
};
session.on('error', e => { console.log(`connection error: ${e.message}`); process.exit(1); });
session.on('deliver_sm', pdu => {
  session.send(pdu.response());
  if ((pdu.esm_class & 0x04) === 0) return;
  const id = pdu.receipted_message_id;
  if (accepted.has(id)) receipted.set(id, pdu.message_state); else strangers.push(id);
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
