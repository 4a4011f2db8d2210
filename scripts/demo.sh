#!/usr/bin/env bash
# The main job today: a one-node lab (network namespaces) with pods wired by the real calico CNI plugin, the seed's
# pool and policy applied with calicoctl, what Calico shows about them, the policy enforced by calico-node (Felix on
# nftables) and checked with real connections, the verdicts explained, and one of the seed's gotchas caught with a
# clear message. Everything is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/bin:$PATH"
export CALICO_LAB_STATE_DIR="${CALICO_LAB_STATE_DIR:-/tmp/calico-demo-state}"
lab=demo
work=$(mktemp -d /tmp/calico-demo.XXXXXX)
stop_listeners() {
  # The listeners run inside this lab's pod namespaces; stop them by PID.
  for ns in $(ip netns list 2>/dev/null | awk -v p="$lab-p-" 'index($1, p) == 1 {print $1}'); do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
  done
}
cleanup() { stop_listeners; calico-lab down --name "$lab" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
cleanup
mkdir -p "$work"
run() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }

run calico-lab up --name "$lab" --nodes 1
eval "$(calico-lab env --name "$lab")"
run calicoctl apply -f ../shared/seed/ippool.yaml
run calicoctl apply -f ../shared/seed/calico-network-policy.yaml
run calico-lab pod add app/frontend --name "$lab" --labels app=frontend
run calico-lab pod add app/web-api --name "$lab" --labels app=web-api --ports http=8080/TCP
run calico-lab pod add app/other --name "$lab" --labels app=other
run calicoctl get workloadendpoints -A
run calicoctl get ippool -o wide
run calicoctl ipam show --show-blocks
run calicoctl get networkpolicy -n app -o yaml
api=$(calicoctl get wep -n app -o json | python3 -c 'import json,sys; print([i for i in json.load(sys.stdin)["items"] if i["spec"]["pod"]=="web-api"][0]["spec"]["ipNetworks"][0].split("/")[0])')
for port in 8080 9090; do
  calico-lab exec app/web-api --name "$lab" -- timeout 300 python3 -c "
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('0.0.0.0', $port)); s.listen(16)
while True:
    c, _ = s.accept(); c.close()" &
done
sleep 1
probe() {  # a real TCP connection from a pod, 2 s timeout: the policy decides in the kernel
  if calico-lab exec "$1" --name "$lab" -- timeout 2 bash -c "exec 3<>/dev/tcp/$api/$2" 2>/dev/null; then
    printf '  %-14s -> web-api:%s  \033[32mconnected\033[0m\n' "$1" "$2"
  else
    printf '  %-14s -> web-api:%s  \033[31mblocked\033[0m\n' "$1" "$2"
  fi
}
printf '\n\033[1mallow-frontend-to-api, enforced by calico-node (Felix on nftables) in node1:\033[0m\n'
probe app/frontend 8080; probe app/other 8080; probe app/frontend 9090
run calicoctl delete networkpolicy allow-frontend-to-api -n app
sleep 1
printf '\n\033[1mwithout the policy, the namespace profile kns.app allows everything:\033[0m\n'
probe app/frontend 8080; probe app/other 8080; probe app/frontend 9090
run calicoctl apply -f ../shared/seed/calico-network-policy.yaml
sleep 1
probe app/frontend 8080; probe app/other 8080
printf '\n\033[1m$ nft list table inet calico   # in node1: the policy chain Felix rendered\033[0m\n'
ip netns exec "$lab-n1" nft list table inet calico | awk '/chain cali-pi-/,/^\t}/'
run calicoctl policy trace --from app/frontend --to app/web-api --port 8080
run calicoctl policy trace --from app/other --to app/web-api --port 8080
cat > "$work/bad.yaml" <<'YAML'
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata:
  name: kubernetes-style
  namespace: app
spec:
  selector: app=frontend
YAML
printf '\n\033[1m$ calicoctl apply -f bad.yaml   # a Kubernetes-style selector: refused, with the fix\033[0m\n'
calicoctl apply -f "$work/bad.yaml" || true
stop_listeners
run calico-lab down --name "$lab"
