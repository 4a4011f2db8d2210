#!/usr/bin/env bash
# Builds everything and places the user-facing binaries in ./bin (calicoctl, calico, calico-ipam, calico-lab, calico-node, calico-typha).
#   ./build.sh          build only
#   ./build.sh demo     install test dependencies (as root), build the binaries, run the demo (calico-lab up --demo)
#   ./build.sh test     install test dependencies (as root), build, run every test; ends with "N passed, N failed, N skipped"
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

install_deps() {
  local script="$here/../shared/env/install-test-deps.sh"
  if [ "$(id -u)" = 0 ] && [ -x "$script" ]; then
    "$script"
  elif [ "$(id -u)" = 0 ] && [ -f "$script" ]; then
    bash "$script"
  else
    echo "build.sh: not root or no ../shared/env/install-test-deps.sh; skipping Debian packages" >&2
  fi
}

# User-facing binaries in ./bin; each is a framework-dependent apphost next to its assemblies. $1: --no-build after a
# solution build, or nothing to build just these projects (the demo needs no test or benchmark project).
publish_binaries() {
  mkdir -p bin
  local plugin="" fast=""
  if [ -z "${1:-}" ]; then
    # The demo's build skips the analyzers (they change no output; ./build.sh build and test run them, as CI does).
    fast="-p:RunAnalyzers=false -p:EnforceCodeStyleInBuild=false"
    # Building from source: restore once, then build the CNI plugin (net9.0, Native AOT: a long single-threaded ILC
    # step) beside the net10.0 tools. The two builds share no output (their target frameworks differ) and the restore
    # is done, so they run at once.
    for project in src/Calico.Ctl src/Calico.Lab src/Calico.Node src/Calico.Typha.Daemon; do
      dotnet restore "$project" -nologo -v quiet
    done
    dotnet restore src/Calico.Cni.Plugin -r linux-x64 -nologo -v quiet
    publish_plugin --no-restore $fast &
    plugin=$!
  fi
  for project in src/Calico.Ctl src/Calico.Lab src/Calico.Node src/Calico.Typha.Daemon; do
    dotnet publish "$project" -c Release -o bin ${1:---no-restore} $fast -nologo -v quiet -clp:ErrorsOnly
  done
  if [ -n "$plugin" ]; then wait "$plugin"; else publish_plugin; fi
}

# The CNI plugin is a Native AOT binary (pod start-up time is its start-up time; see README "CNI plugin speed").
# calico and calico-ipam are one program that looks at the name it was run as (as Calico's are).
publish_plugin() {
  dotnet publish src/Calico.Cni.Plugin -c Release -r linux-x64 -o bin "$@" -nologo -v quiet -clp:ErrorsOnly
  rm -f bin/calico.dbg
  cp -f bin/calico bin/calico-ipam
}

build() {
  dotnet build Calico.slnx -c Release -nologo -v quiet -clp:ErrorsOnly
  publish_binaries --no-build
}

case "${1:-build}" in
  build) build ;;
  demo) install_deps; publish_binaries; exec scripts/demo.sh ;;
  test) install_deps; build; exec scripts/run-tests.sh ;;
  *) echo "usage: ./build.sh [build|demo|test]" >&2; exit 2 ;;
esac
