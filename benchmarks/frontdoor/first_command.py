#!/usr/bin/env python3
"""Issue 7's front-door measurement: the README's first command (./build.sh demo) on a fresh clone.

Clones this repository's HEAD into a new sibling directory (so ../shared is where build.sh looks for the package
installer), runs `./build.sh demo` there with a private lab state directory and lab name, and prints one JSON object:
the wall time (target: under 180 s, not counting package downloads; NuGet packages come from the local cache, Debian
packages are installed by the script if missing), whether both reachability matrices were printed, and what the demo
left behind (network namespaces named after its lab, processes whose command line names its clone, files in its lab
state directory). Exit status 0 only when the target is met and nothing was left behind.

Needs root (the demo creates network namespaces). The clone and the state directory are removed at the end, also on
failure; a lab the demo failed to remove is taken down with the clone's own calico-lab before its directory goes.
"""
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TARGET_SECONDS = 180.0


def leftovers(lab, clone, state):
    namespaces = [n.split()[0] for n in subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout.splitlines()
                  if n.split() and n.split()[0].startswith(lab)]
    processes = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if clone in cmdline and int(pid) != os.getpid():
            processes.append({"pid": int(pid), "cmdline": cmdline.strip()[:200]})
    files = []
    if os.path.isdir(state):
        for root, dirs, names in os.walk(state):
            files.extend(os.path.join(root, n) for n in names + dirs)
    return {"namespaces": namespaces, "processes": processes, "state_files": files}


def main():
    if os.geteuid() != 0:
        print(json.dumps({"error": "needs root (the demo creates network namespaces)"}))
        return 2
    suffix = secrets.token_hex(4)
    clone = os.path.join(os.path.dirname(REPO), f"frontdoor-{suffix}")
    state = f"/tmp/frontdoor-{suffix}-state"
    lab = f"fd{suffix}"
    result = {"clone": clone, "lab": lab, "target_s": TARGET_SECONDS, "load_average_start": list(os.getloadavg())}
    try:
        subprocess.run(["git", "clone", "-q", REPO, clone], check=True)
        result["commit"] = subprocess.run(["git", "-C", clone, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        env = dict(os.environ, CALICO_LAB_STATE_DIR=state, CALICO_DEMO_LAB=lab, NO_COLOR="1")
        started = time.monotonic()
        run = subprocess.run(["./build.sh", "demo"], cwd=clone, env=env, capture_output=True, text=True)
        result["seconds"] = round(time.monotonic() - started, 1)
        result["exit"] = run.returncode
        output = run.stdout + run.stderr
        result["matrices_printed"] = len(re.findall(r"(?m)^Reachability (before|after) ", output))
        result["policy_trace_verified"] = "kernel agrees" in output
        result["met"] = run.returncode == 0 and result["seconds"] < TARGET_SECONDS
        if run.returncode != 0:
            result["output_tail"] = output[-3000:]
        left = leftovers(lab, clone, state)
        result["left_behind"] = left
        result["clean"] = not any(left.values())
    finally:
        lab_binary = os.path.join(clone, "bin", "calico-lab")
        if os.path.exists(lab_binary):
            subprocess.run([lab_binary, "down", "--name", lab], env=dict(os.environ, CALICO_LAB_STATE_DIR=state), capture_output=True)
        shutil.rmtree(clone, ignore_errors=True)
        shutil.rmtree(state, ignore_errors=True)
        result["load_average_end"] = list(os.getloadavg())
    print(json.dumps(result, indent=2))
    ok = result.get("met") and result.get("clean") and result.get("policy_trace_verified") and result.get("matrices_printed") == 2
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
