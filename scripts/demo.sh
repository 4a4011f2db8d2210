#!/usr/bin/env bash
# The main job today: a one-node lab (network namespaces) with pods wired by the real calico CNI plugin, the seed's
# pool and policy applied with calicoctl, what Calico shows about them, a ping between pods, and one of the seed's
# gotchas caught with a clear message. Everything is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/bin:$PATH"
export CALICO_LAB_STATE_DIR="${CALICO_LAB_STATE_DIR:-/tmp/calico-demo-state}"
lab=demo
work=$(mktemp -d /tmp/calico-demo.XXXXXX)
cleanup() { calico-lab down --name "$lab" >/dev/null 2>&1 || true; rm -rf "$work"; }
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
run calico-lab exec app/frontend --name "$lab" -- ping -c 2 -W 2 "$api"
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
printf '\n(policy is explained by the policy model above; enforcement in the kernel comes with Felix, so the pods are still open to each other)\n'
run calico-lab down --name "$lab"
