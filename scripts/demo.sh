#!/usr/bin/env bash
# The front door (issue 7): calico-lab up --demo builds a lab cluster, starts the seed's pods (namespace app: frontend,
# web-api, other), applies the seed's pool and policy, and prints the reachability matrix, probed for real, before and
# after the policy, with what changed and why. Then calicoctl traces one cell and checks it against the kernel, the
# nftables chain Felix rendered for the policy is shown, and calico-lab down removes everything.
#   CALICO_DEMO_NODES=3 CALICO_DEMO_MODE=bgp CALICO_DEMO_LAB=demo2 scripts/demo.sh   (default: 1 node, vxlan, lab "demo")
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/bin:$PATH"
export CALICO_LAB_STATE_DIR="${CALICO_LAB_STATE_DIR:-/tmp/calico-demo-state}"
lab=${CALICO_DEMO_LAB:-demo}
cleanup() { calico-lab down --name "$lab" >/dev/null 2>&1 || true; }
trap cleanup EXIT
cleanup
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
run() { printf '\n%s$ %s%s\n' "$bold" "$*" "$plain"; "$@"; }

run calico-lab up --name "$lab" --nodes "${CALICO_DEMO_NODES:-1}" --mode "${CALICO_DEMO_MODE:-vxlan}" --demo
eval "$(calico-lab env --name "$lab")"
run calicoctl policy trace --from app/other --to app/web-api --port 8080 --verify
node=$(calico-lab status --name "$lab" | awk '$1 == "pod" && $2 == "app/web-api" {print $NF}')
index=${node#node}
printf '\n%s$ ip netns exec %s nft list table inet calico   # web-api'"'"'s node: the chain Felix rendered for the policy%s\n' "$bold" "$lab-n$index" "$plain"
ip netns exec "$lab-n$index" nft list table inet calico | awk '/chain cali-pi-/,/^\t}/'
run calico-lab down --name "$lab"
trap - EXIT
