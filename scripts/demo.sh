#!/usr/bin/env bash
# The main job today: calicoctl against a fresh embedded datastore, applying the seed's pool and policy and showing
# what Calico shows, then one of the mistakes the seed warns about, caught with a clear message.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/calico-demo.XXXXXX)
trap 'rm -rf "$work"' EXIT
export DATASTORE_TYPE=sqlite SQLITE_PATH="$work/calico.db"
run() { printf '\n$ %s\n' "$*"; "$@"; }
run bin/calicoctl apply -f ../shared/seed/ippool.yaml
run bin/calicoctl apply -f ../shared/seed/calico-network-policy.yaml
run bin/calicoctl get ippool -o wide
run bin/calicoctl get networkpolicy -n app -o yaml
run bin/calicoctl get tier
cat > "$work/bad.yaml" <<'YAML'
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata:
  name: kubernetes-style
  namespace: app
spec:
  selector: app=frontend
YAML
printf '\n$ bin/calicoctl apply -f bad.yaml   # a Kubernetes-style selector, refused\n'
bin/calicoctl apply -f "$work/bad.yaml" || true
