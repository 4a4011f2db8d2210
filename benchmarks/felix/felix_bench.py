#!/usr/bin/env python3
"""Felix benchmark: start-of-day, memory and single-change latency of calico-node on a synthetic cluster, each beside
the kernel's own time to load the same ruleset or delta with `nft -f`, measured in the same run. Prints one JSON object.

    python3 benchmarks/felix/felix_bench.py [--endpoints 100000 --local 200 --policies 10000 --namespaces 2000
                                             --nodes 500 --changes 50]
    python3 benchmarks/felix/felix_bench.py --quick        # 5000 endpoints, 1000 policies, 200 namespaces, 20 changes

Runs as root. calico-node runs only inside a network namespace this script creates (calico-bench-<random>-node), is
started with `ip netns exec`, and stopped by its PID; the kernel baselines run in a second such namespace. Both
namespaces and every temporary file are removed at the end, also on failure or Ctrl-C. See README.md beside this file.
"""
import argparse, ctypes, http.client, json, math, os, re, secrets, shutil, signal, statistics, subprocess, sys, tempfile, time
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
GENERATOR_PROJECT = os.path.join(REPO, "benchmarks", "Calico.Felix.ClusterGenerator")
GENERATOR_DLL = os.path.join(GENERATOR_PROJECT, "bin", "Release", "net10.0", "Calico.Felix.ClusterGenerator.dll")
HEALTH_PORT, METRICS_PORT = 9099, 9091
# /readiness answers 200 while no component has registered yet (nothing is "not ready"); ready means 200 once the
# dataplane's reporter, which is ready only when the first full sync is programmed, is among those answering.
READY_REPORTER = "felix-dataplane"
TARGETS = {"start_of_day_max_ratio": 2.0, "change_p99_max_margin_ms": 20.0, "rss_max_mb": 300.0}


def log(*parts):
    print("felix_bench:", *parts, file=sys.stderr, flush=True)


def sh(*args, **kw):
    r = subprocess.run(list(args), capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:4])}{' ...' if len(args) > 4 else ''} exited with {r.returncode}: {(r.stderr or r.stdout).strip()[-2000:]}")
    return r


def summary(samples):
    """Median and p99 by linear interpolation between order statistics (as benchmarks/Shared/LatencySummary.cs)."""
    if not samples:
        return None
    s = sorted(samples)

    def pct(p):
        rank = p * (len(s) - 1)
        lo = math.floor(rank)
        hi = min(lo + 1, len(s) - 1)
        return s[lo] + (rank - lo) * (s[hi] - s[lo])

    return {"p50_ms": round(pct(0.5), 2), "p90_ms": round(pct(0.9), 2), "p99_ms": round(pct(0.99), 2),
            "min_ms": round(s[0], 2), "max_ms": round(s[-1], 2), "count": len(s)}


def raise_keyboard_interrupt(*_):
    raise KeyboardInterrupt


# ---------------------------------------------------------------------------------------------------------------------
# The outer process (root network namespace: only files, `ip netns add/del` and `ip -n OURS ...`).
# ---------------------------------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--endpoints", type=int, default=100_000)
    ap.add_argument("--local", type=int, default=200, help="endpoints on the measured node")
    ap.add_argument("--policies", type=int, default=10_000)
    ap.add_argument("--namespaces", type=int, default=2_000)
    ap.add_argument("--nodes", type=int, default=500)
    ap.add_argument("--changes", type=int, default=50, help="timed label changes, and as many policy changes")
    ap.add_argument("--warmup", type=int, default=3, help="untimed changes of each kind first")
    ap.add_argument("--captures", type=int, default=3, help="changes of each kind whose nft delta is captured for the kernel baseline")
    ap.add_argument("--kernel-repeats", type=int, default=5, help="full-ruleset loads for the kernel baseline")
    ap.add_argument("--delta-repeats", type=int, default=10, help="loads of each captured delta (forward and back)")
    ap.add_argument("--gap-ms", type=float, default=50, help="pause between changes")
    ap.add_argument("--poll-ms", type=float, default=2, help="pause between scrapes of felix_programmed_revision (each scrape costs calico-node CPU)")
    ap.add_argument("--ready-timeout", type=float, default=1200)
    ap.add_argument("--change-timeout", type=float, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--quick", action="store_true", help="small cluster: 5000 endpoints, 1000 policies, 200 namespaces, 50 nodes, 20 changes")
    ap.add_argument("--bin", default=os.path.join(REPO, "bin"), help="directory holding calico-node")
    ap.add_argument("--generator", default=GENERATOR_DLL)
    ap.add_argument("--inner", choices=["node", "kernel"], help=argparse.SUPPRESS)
    ap.add_argument("--work", help=argparse.SUPPRESS)
    ap.add_argument("--netns", help=argparse.SUPPRESS)
    ap.add_argument("--outer-netns", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.quick:
        a.endpoints, a.policies, a.namespaces, a.nodes, a.changes = 5000, 1000, 200, 50, 20
    if a.inner == "node":
        return inner_node(a)
    if a.inner == "kernel":
        return inner_kernel(a)
    if os.geteuid() != 0:
        sys.exit("felix_bench: run as root (it creates network namespaces)")
    return outer(a)


def outer(a):
    signal.signal(signal.SIGTERM, raise_keyboard_interrupt)
    signal.signal(signal.SIGHUP, raise_keyboard_interrupt)
    prefix = "calico-bench-" + secrets.token_hex(4)
    work = tempfile.mkdtemp(prefix=prefix + "-")
    namespaces, children = [], []
    result = {"benchmark": "felix", "nproc": os.cpu_count(), "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
              "config": {k: getattr(a, k) for k in ("endpoints", "local", "policies", "namespaces", "nodes", "changes", "warmup",
                                                   "captures", "kernel_repeats", "delta_repeats", "gap_ms", "poll_ms", "seed")},
              "targets": TARGETS}
    stage = "setup"
    code = 1
    try:
        calico_node = os.path.join(os.path.abspath(a.bin), "calico-node")
        if not os.access(calico_node, os.X_OK):
            raise RuntimeError(f"{calico_node} is missing: run ./build.sh build")
        result["calico_node"] = {"path": calico_node, "modified": datetime.fromtimestamp(os.path.getmtime(calico_node)).isoformat(timespec="seconds")}

        stage = "generate"
        ensure_generator(a)
        db, plan_path = os.path.join(work, "calico.db"), os.path.join(work, "plan.json")
        gen = sh("dotnet", a.generator, "generate", "--db", db, "--plan", plan_path, "--endpoints", str(a.endpoints), "--local", str(a.local),
                 "--policies", str(a.policies), "--namespaces", str(a.namespaces), "--nodes", str(a.nodes), "--seed", str(a.seed))
        result["datastore"] = json.loads(gen.stdout)
        log(f"generated {sum(result['datastore']['resources'].values())} resources in {result['datastore']['seconds']} s")
        with open(plan_path) as f:
            plan = json.load(f)

        stage = "namespaces"
        node_ns, kernel_ns = prefix + "-node", prefix + "-kernel"
        for ns in (node_ns, kernel_ns):
            make_namespace(ns, plan["interfaces"], namespaces)

        stage = "calico-node"
        node = run_inner(a, "node", node_ns, work, children)
        result["calico_node"].update(node.get("process", {}))
        if "error" in node:
            raise RuntimeError(node["error"])

        stage = "kernel"
        kernel = run_inner(a, "kernel", kernel_ns, work, children)
        if "error" in kernel:
            raise RuntimeError(kernel["error"])
        stage = "report"
        result.update(report(node, kernel))
        code = 0
    except (KeyboardInterrupt, Exception) as e:  # the JSON says where it stopped, with what was measured up to then
        result["error"] = f"interrupted during {stage}" if isinstance(e, KeyboardInterrupt) else f"{stage}: {e}"
        code = 130 if isinstance(e, KeyboardInterrupt) else 1
        partial = os.path.join(work, "node.json")
        if stage in ("calico-node", "kernel") and os.path.exists(partial):
            try:
                with open(partial) as f:
                    result["calico_node_partial"] = node_summary(json.load(f))
            except (OSError, ValueError, KeyError, TypeError):
                pass
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        cleanup(work, namespaces, children)
        signal.signal(signal.SIGINT, signal.default_int_handler)
    print(json.dumps(result, indent=2))
    return code


def ensure_generator(a):
    if os.path.exists(a.generator):
        return
    log("building the cluster generator")
    sh("dotnet", "build", GENERATOR_PROJECT, "-c", "Release", "-nologo", "-v", "quiet", "-clp:ErrorsOnly")


def make_namespace(ns, interfaces, namespaces):
    sh("ip", "netns", "add", ns)
    namespaces.append(ns)
    sh("ip", "-n", ns, "link", "set", "lo", "up")
    # The measured node's workload interfaces, as the CNI plugin would have left them (the pod ends stay in the same
    # namespace; nothing sends traffic). The kernel namespace gets the same ones so the listing loads unchanged.
    lines = []
    for i, iface in enumerate(interfaces):
        peer = f"bp{i}"
        lines += [f"link add {iface['name']} type veth peer name {peer}", f"link set {peer} up", f"link set {iface['name']} up"]
    if lines:
        subprocess.run(["ip", "-n", ns, "-batch", "-"], input="\n".join(lines) + "\n", text=True, check=True, capture_output=True)


def run_inner(a, role, ns, work, children):
    args = ["ip", "netns", "exec", ns, sys.executable, "-u", os.path.abspath(__file__), "--inner", role, "--work", work, "--netns", ns,
            "--outer-netns", os.readlink("/proc/self/ns/net")]
    for k in ("changes", "warmup", "captures", "kernel_repeats", "delta_repeats", "gap_ms", "poll_ms", "ready_timeout", "change_timeout", "bin", "generator"):
        args += ["--" + k.replace("_", "-"), str(getattr(a, k))]
    log(f"running the {role} measurement in {ns}")
    p = subprocess.Popen(args, stdout=subprocess.DEVNULL)
    children.append(p)
    p.wait()
    out = os.path.join(work, f"{role}.json")
    if not os.path.exists(out):
        return {"error": f"the {role} measurement exited with {p.returncode} and no result"}
    with open(out) as f:
        return json.load(f)


def cleanup(work, namespaces, children):
    for p in children:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
    # The inner process stops calico-node itself; if it could not, stop it here, by the PID it recorded.
    pid_file = os.path.join(work, "calico-node.pid")
    if os.path.exists(pid_file):
        with open(pid_file) as f:
            pid = int(f.read().strip() or 0)
        stop_pid(pid, expect="calico-node")
    for ns in reversed(namespaces):
        subprocess.run(["ip", "netns", "del", ns], capture_output=True)
    shutil.rmtree(work, ignore_errors=True)


def is_process(pid, expect):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return expect.encode() in f.read()
    except OSError:
        return False


def stop_pid(pid, expect, grace=15):
    """SIGTERM, then SIGKILL after `grace` seconds; only if the PID still runs the expected program."""
    if pid <= 0 or not is_process(pid, expect):
        return None
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and is_process(pid, expect):
        time.sleep(0.05)
    if is_process(pid, expect):
        os.kill(pid, signal.SIGKILL)
        return "killed"
    return "terminated"


# ---------------------------------------------------------------------------------------------------------------------
# Report: figures beside the kernel's, ratios, targets.
# ---------------------------------------------------------------------------------------------------------------------

def node_summary(node):
    """calico-node's own figures, when the run stopped before the kernel baselines: per-change samples summarised."""
    out = {k: v for k, v in node.items() if k not in ("changes", "warmup")}
    for kind, samples in node.get("changes", {}).items():
        out[f"{kind}_change_ms"] = summary([s["ms"] for s in samples])
    return out


def report(node, kernel):
    out = {}
    sod = node["start_of_day_ms"]
    k_full = summary(kernel["full_load"]["nft_f_ms"])
    k_lib = summary(kernel["full_load"]["libnftables_ms"])
    ratio = round(sod / k_full["p50_ms"], 2) if k_full else None
    out["start_of_day"] = {
        "calico_node_ms": round(sod, 1),
        "kernel_nft_f_ms": k_full,
        "kernel_libnftables_ms": k_lib,
        "ratio_to_kernel_nft_f": ratio,
        "ratio_to_kernel_libnftables": round(sod / k_lib["p50_ms"], 2) if k_lib else None,
        "target_max_ratio": TARGETS["start_of_day_max_ratio"],
        "pass": ratio is not None and ratio <= TARGETS["start_of_day_max_ratio"],
        "breakdown": node.get("start_of_day_breakdown"),
        "ruleset": node.get("ruleset"),
    }
    mem = node["memory"]
    peak = max(mem["at_ready"]["VmHWM_mb"], mem["at_end"]["VmHWM_mb"])
    out["memory"] = dict(mem, peak_rss_mb=peak, target_max_rss_mb=TARGETS["rss_max_mb"], **{"pass": peak <= TARGETS["rss_max_mb"]})
    for kind in ("label", "policy"):
        samples = node["changes"][kind]
        c = summary([s["ms"] for s in samples])
        kd = kernel["deltas"].get(kind, {})
        kn = summary(kd.get("nft_f_ms", []))
        kl = summary(kd.get("libnftables_ms", []))
        entry = {"calico_node_ms": c, "kernel_nft_f_ms": kn, "kernel_libnftables_ms": kl,
                 "kernel_delta_lines": kd.get("lines"), "empty_kernel_deltas": kd.get("empty", 0),
                 "warmup_ms": [round(s["ms"], 2) for s in node["warmup"][kind]],
                 "commit_ms": summary([s["commit_ms"] for s in samples]),
                 "calc_graph_ms": summary([s["calc_graph_ms"] for s in samples]),
                 "dataplane_apply_ms": summary([s["dataplane_apply_ms"] for s in samples]),
                 "slowest": sorted(({k: (round(v, 1) if isinstance(v, float) else v) for k, v in s.items() if k != "revision"} for s in samples),
                                   key=lambda s: -s["ms"])[:3],
                 "changes_after_a_periodic_resync": sum(1 for s in samples if s.get("resync")),
                 "calico_node_ms_without_those": summary([s["ms"] for s in samples if not s.get("resync")])}
        if kind == "label":
            entry["calico_node_local_endpoint_ms"] = summary([s["ms"] for s in samples if s["local"]])
            entry["calico_node_remote_endpoint_ms"] = summary([s["ms"] for s in samples if not s["local"]])
        if c and kn:
            entry["p99_margin_over_kernel_p99_ms"] = round(c["p99_ms"] - kn["p99_ms"], 2)
            entry["p99_margin_over_kernel_p50_ms"] = round(c["p99_ms"] - kn["p50_ms"], 2)
            entry["target_max_margin_ms"] = TARGETS["change_p99_max_margin_ms"]
            entry["pass"] = entry["p99_margin_over_kernel_p99_ms"] <= TARGETS["change_p99_max_margin_ms"]
        else:
            entry["pass"] = False
        out[f"{kind}_change"] = entry
    out["metrics_poll_ms"] = node.get("metrics_poll_ms")
    out["felix_metrics_at_end"] = node.get("metrics_at_end")
    out["pass"] = all(out[k]["pass"] for k in ("start_of_day", "memory", "label_change", "policy_change"))
    return out


# ---------------------------------------------------------------------------------------------------------------------
# Inner process in the node namespace: calico-node, start-of-day, memory, single changes, delta captures.
# ---------------------------------------------------------------------------------------------------------------------

class Metrics:
    """A kept-alive HTTP connection to one of calico-node's endpoints inside this namespace."""

    def __init__(self, port):
        self.port = port
        self.conn = None

    def get(self, path, timeout=2.0):
        for attempt in (0, 1):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
                self.conn.request("GET", path)
                r = self.conn.getresponse()
                return r.status, r.read().decode()
            except (OSError, http.client.HTTPException):
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                if attempt:
                    raise
        return None


def parse_metrics(text):
    values = {}
    for line in text.splitlines():
        if not line or line[0] == "#":
            continue
        name, _, value = line.rpartition(" ")
        try:
            values[name] = float(value)
        except ValueError:
            pass
    return values


def felix_metrics(values):
    """The figures of interest: gauges, and sum/count/mean of the two timing histograms."""
    out = {}
    for name, v in values.items():
        base = name.split("{")[0]
        if base in ("felix_programmed_revision", "felix_active_local_endpoints", "felix_active_local_policies", "felix_active_local_profiles",
                    "felix_ipsets_calico", "felix_cluster_policies", "felix_calc_graph_problems", "felix_int_dataplane_failures_total",
                    "felix_int_dataplane_resyncs_total", "felix_calc_graph_updates_processed_total", "felix_calc_graph_updates_processed"):
            out[base] = v
    for hist in ("felix_calc_graph_update_time_seconds", "felix_int_dataplane_apply_time_seconds"):
        s = sum(v for n, v in values.items() if n.split("{")[0] == hist + "_sum")
        c = sum(v for n, v in values.items() if n.split("{")[0] == hist + "_count")
        if c:
            out[hist] = {"sum_s": round(s, 4), "count": int(c), "mean_ms": round(1000 * s / c, 3)}
    return out


def proc_status(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "Threads"):
                parts = value.split()
                out[key + "_mb" if key != "Threads" else key] = round(int(parts[0]) / 1024, 1) if key != "Threads" else int(parts[0])
    return out


def nft_list():
    return sh("nft", "-s", "list", "table", "inet", "calico").stdout


def check_own_namespace(a):
    """Refuses to go on unless this process is in the namespace the outer process created for it, not the outer's own."""
    own = os.readlink("/proc/self/ns/net")
    if own == a.outer_netns or os.stat(f"/var/run/netns/{a.netns}").st_ino != os.stat("/proc/self/ns/net").st_ino:
        raise SystemExit(f"felix_bench: not inside network namespace {a.netns} (in {own}); refusing to run")


def inner_node(a):
    signal.signal(signal.SIGTERM, raise_keyboard_interrupt)
    check_own_namespace(a)
    work = a.work
    db, plan_path = os.path.join(work, "calico.db"), os.path.join(work, "plan.json")
    result = {"netns": a.netns}
    node_proc = mutator = None
    logfile = os.path.join(work, "calico-node.log")
    try:
        env = dict(os.environ, NODENAME="bench-node", CALICO_NETWORKING_BACKEND="none", DATASTORE_TYPE="sqlite", SQLITE_PATH=db,
                   FELIX_HEALTHENABLED="true", FELIX_HEALTHHOST="127.0.0.1", FELIX_HEALTHPORT=str(HEALTH_PORT),
                   FELIX_PROMETHEUSMETRICSENABLED="true", FELIX_PROMETHEUSMETRICSHOST="127.0.0.1",
                   FELIX_PROMETHEUSMETRICSPORT=str(METRICS_PORT), FELIX_LOGSEVERITYSCREEN="info",
                   # calico-node's own guard cannot tell namespaces apart where /proc/1/ns/net is unreadable (it then
                   # refuses, failing safe); check_own_namespace() above has made sure this is our namespace.
                   FELIX_ALLOWINITIALNETWORKNAMESPACE="true")
        health, metrics = Metrics(HEALTH_PORT), Metrics(METRICS_PORT)
        binary = os.path.join(os.path.abspath(a.bin), "calico-node")
        with open(logfile, "wb") as out:
            wall0 = time.time()
            t0 = time.monotonic_ns()
            node_proc = subprocess.Popen(["ip", "netns", "exec", a.netns, binary], env=env, stdout=out, stderr=subprocess.STDOUT)
        with open(os.path.join(work, "calico-node.pid"), "w") as f:
            f.write(str(node_proc.pid))
        result["process"] = {"pid": node_proc.pid}

        # Start-of-day: spawn to /readiness 200.
        deadline = t0 + a.ready_timeout * 1e9
        while True:
            if node_proc.poll() is not None:
                raise RuntimeError(f"calico-node exited with {node_proc.returncode} before it was ready: {tail(logfile)}")
            try:
                status, body = health.get("/readiness", timeout=1.0)
            except (OSError, http.client.HTTPException):
                status, body = None, ""
            now = time.monotonic_ns()
            if status == 200 and READY_REPORTER in body:
                break
            if now > deadline:
                raise RuntimeError(f"calico-node not ready after {a.ready_timeout:.0f} s: {tail(logfile)}")
            time.sleep(0.005)
        result["start_of_day_ms"] = (now - t0) / 1e6
        result["memory"] = {"at_ready": proc_status(node_proc.pid)}
        log(f"calico-node ready after {result['start_of_day_ms']:.0f} ms, RSS {result['memory']['at_ready']['VmRSS_mb']} MB")
        _, text = metrics.get("/metrics")
        at_ready = felix_metrics(parse_metrics(text))
        result["metrics_at_ready"] = at_ready
        result["start_of_day_breakdown"] = breakdown(logfile, wall0, result["start_of_day_ms"], at_ready)

        # The programmed ruleset, for the kernel's start-of-day baseline.
        started = time.perf_counter()
        listing = nft_list()
        result["listing_ms"] = round((time.perf_counter() - started) * 1000, 1)
        with open(os.path.join(work, "ruleset.nft"), "w") as f:
            f.write(listing)
        result["ruleset"] = ruleset_stats(listing)
        log(f"ruleset: {result['ruleset']}")

        # Single changes.
        mutator = subprocess.Popen(["dotnet", a.generator, "mutate", "--db", db, "--plan", plan_path],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        if json.loads(mutator.stdout.readline() or "{}").get("ready") is not True:
            raise RuntimeError("the mutator did not start")
        polls = []
        resyncs = [0.0]

        def histogram_sums(text):
            values = parse_metrics(text)
            return {h: sum(v for n, v in values.items() if n.split("{")[0] == h + "_sum") for h in
                    ("felix_calc_graph_update_time_seconds", "felix_int_dataplane_apply_time_seconds")}

        def change(kind):
            # Where the time goes: the graph's and the dataplane's histogram sums before the change and once programmed.
            _, text = metrics.get("/metrics")
            sums_before = histogram_sums(text)
            mutator.stdin.write(kind + "\n")
            mutator.stdin.flush()
            r = json.loads(mutator.stdout.readline() or '{"error": "mutator exited"}')
            if "error" in r:
                raise RuntimeError(f"mutate {kind}: {r['error']}")
            start = r["commit_end_ns"]
            limit = start + a.change_timeout * 1e9
            while True:
                p0 = time.monotonic_ns()
                _, text = metrics.get("/metrics")
                now = time.monotonic_ns()
                polls.append((now - p0) / 1e6)
                m = re.search(r"^felix_programmed_revision(?:\{[^}]*\})? (\S+)$", text, re.M)
                if m and float(m.group(1)) >= r["revision"]:
                    break
                if node_proc.poll() is not None:
                    raise RuntimeError(f"calico-node exited with {node_proc.returncode}: {tail(logfile)}")
                if now > limit:
                    raise RuntimeError(f"{kind} change {r['target']} (revision {r['revision']}) not programmed after {a.change_timeout} s")
                time.sleep(a.poll_ms / 1000)
            # Did the dataplane's periodic full resync (felix_int_dataplane_resyncs_total) run since the last change?
            m = re.search(r"^felix_int_dataplane_resyncs_total(?:\{[^}]*\})? (\S+)$", text, re.M)
            count = float(m.group(1)) if m else 0.0
            during_resync = count > resyncs[0]
            resyncs[0] = count
            sums_after = histogram_sums(text)
            calc_ms = (sums_after["felix_calc_graph_update_time_seconds"] - sums_before["felix_calc_graph_update_time_seconds"]) * 1000
            apply_ms = (sums_after["felix_int_dataplane_apply_time_seconds"] - sums_before["felix_int_dataplane_apply_time_seconds"]) * 1000
            time.sleep(a.gap_ms / 1000 * (0.8 + 0.4 * secrets.randbelow(1000) / 1000))
            return {"ms": (now - start) / 1e6, "commit_ms": (r["commit_end_ns"] - r["commit_start_ns"]) / 1e6,
                    "local": r["local"], "target": r["target"], "revision": r["revision"], "resync": during_resync,
                    "calc_graph_ms": calc_ms, "dataplane_apply_ms": apply_ms}

        result["warmup"] = {k: [change(k) for _ in range(a.warmup)] for k in ("label", "policy")}
        result["changes"] = {"label": [], "policy": []}
        for kind in ("label", "policy"):
            for i in range(a.changes):
                result["changes"][kind].append(change(kind))
            s = summary([c["ms"] for c in result["changes"][kind]])
            log(f"{kind} changes: p50 {s['p50_ms']} ms, p99 {s['p99_ms']} ms")
        result["metrics_poll_ms"] = summary(polls)

        # Deltas for the kernel baseline: the table before and after single changes (not timed).
        for kind in ("label", "policy"):
            for k in range(a.captures):
                before = nft_list()
                change(kind)
                after = nft_list()
                for name, text in (("before", before), ("after", after)):
                    with open(os.path.join(work, f"delta-{kind}-{k}-{name}.nft"), "w") as f:
                        f.write(text)

        result["memory"]["at_end"] = proc_status(node_proc.pid)
        _, text = metrics.get("/metrics")
        result["metrics_at_end"] = felix_metrics(parse_metrics(text))
    except KeyboardInterrupt:
        result["error"] = "interrupted"
    except Exception as e:
        result["error"] = str(e)
        if os.path.exists(logfile):
            result["log_tail"] = tail(logfile)
    finally:
        if mutator is not None:
            try:
                mutator.stdin.write("quit\n")
                mutator.stdin.close()
                mutator.wait(10)
            except (OSError, subprocess.TimeoutExpired):
                mutator.kill()
                mutator.wait()
        if node_proc is not None and node_proc.poll() is None:
            started = time.monotonic()
            result.setdefault("process", {})["stopped"] = stop_pid(node_proc.pid, "calico-node")
            result["process"]["stop_ms"] = round((time.monotonic() - started) * 1000)
            node_proc.wait()
        with open(os.path.join(work, "node.json"), "w") as f:
            json.dump(result, f)
    return 0 if "error" not in result else 1


def tail(path, lines=15):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return ""


LOG_TIME = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) ")


def breakdown(logfile, wall0, total_ms, at_ready):
    """Where start-of-day went, from calico-node's log (millisecond timestamps) and its histograms at ready: process
    start to its first log line (runtime start, status servers up), to "In sync" (the datastore listed and fed to the
    calculation graph), then to ready (the graph's first flush, the first dataplane apply, the readiness poll)."""
    marks = {}
    with open(logfile, errors="replace") as f:
        for line in f:
            m = LOG_TIME.match(line)
            if not m:
                continue
            t = round((datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S.%f").timestamp() - wall0) * 1000, 1)
            if "calico-node starting" in line:
                marks.setdefault("spawn_to_first_log_ms", t)
            elif "In sync with the datastore" in line:
                marks.setdefault("spawn_to_in_sync_ms", t)
    if "spawn_to_in_sync_ms" in marks:
        marks["in_sync_to_ready_ms"] = round(total_ms - marks["spawn_to_in_sync_ms"], 1)
    calc = at_ready.get("felix_calc_graph_update_time_seconds", {})
    apply = at_ready.get("felix_int_dataplane_apply_time_seconds", {})
    # The graph's histogram starts with the batch that brought "in sync": feeding that batch (at start-of-day usually
    # every listed resource, the pump being faster than the graph) and the first full flush.
    marks["calc_graph_first_batch_ms"] = round(calc["sum_s"] * 1000, 1) if calc.get("count") == 1 else None
    marks["dataplane_apply_ms"] = round(apply["sum_s"] * 1000, 1) if apply else None
    marks["dataplane_applies"] = apply.get("count")
    marks["total_ms"] = round(total_ms, 1)
    return marks


# ---------------------------------------------------------------------------------------------------------------------
# nft listings: parse into sets/maps and chains, diff into a delta transaction.
# ---------------------------------------------------------------------------------------------------------------------

OBJ_START = re.compile(r"^\t(set|map|chain) (\S+) \{$")


def parse_listing(text):
    """{name: (kind, declaration lines, elements-or-rules)} from `nft -s list table inet calico`."""
    objects = {}
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = OBJ_START.match(lines[i])
        i += 1
        if not m:
            continue
        kind, name = m.groups()
        decl, items = [], []
        while i < len(lines) and lines[i] != "\t}":
            line = lines[i].strip()
            i += 1
            if not line:
                continue
            if kind in ("set", "map") and line.startswith("elements = {"):
                # Elements run over many lines (tens of thousands for a large set): keep the depth as we go.
                pieces = [line]
                depth = line.count("{") - line.count("}")
                while depth > 0 and i < len(lines):
                    pieces.append(lines[i].strip())
                    depth += lines[i].count("{") - lines[i].count("}")
                    i += 1
                body = " ".join(pieces)
                items += [e.strip() for e in body[body.index("{") + 1: body.rindex("}")].split(",") if e.strip()]
            elif kind == "chain" and not (line.startswith("type ") and " hook " in line):
                items.append(line)
            else:
                decl.append(line)
        objects[name] = (kind, decl, items)
    return objects


def normalized(text):
    """A listing with set and map elements in sorted order (the kernel lists a hash set in its own order)."""
    return {name: (kind, decl, items if kind == "chain" else sorted(items)) for name, (kind, decl, items) in parse_listing(text).items()}


def ruleset_stats(text):
    objs = parse_listing(text)
    return {"bytes": len(text.encode()), "chains": sum(1 for o in objs.values() if o[0] == "chain"),
            "rules": sum(len(o[2]) for o in objs.values() if o[0] == "chain"),
            "sets": sum(1 for o in objs.values() if o[0] == "set"), "maps": sum(1 for o in objs.values() if o[0] == "map"),
            "elements": sum(len(o[2]) for o in objs.values() if o[0] in ("set", "map"))}


def delta_script(before_text, after_text, table="inet calico"):
    """One nft transaction taking the table from `before` to `after`, written as the driver writes deltas: element
    deletes and adds per set, flush + add rule for each changed chain, removals referrers first."""
    a, b = parse_listing(before_text), parse_listing(after_text)
    out = []
    for name, (kind, decl, items) in b.items():
        if kind != "chain" and (name not in a or a[name][1] != decl):
            if name in a:
                raise ValueError(f"{kind} {name} changed its declaration; not supported by the delta writer")
            out.append(f"add {kind} {table} {name} {{ {'; '.join(decl)}; }}")
    for name, (kind, decl, items) in b.items():
        if kind == "chain" and name not in a:
            out.append(f"add chain {table} {name}" + (f" {{ {'; '.join(d.rstrip(';') for d in decl)}; }}" if decl else ""))
    for name, (kind, decl, items) in b.items():
        if kind == "chain":
            continue
        old = set(a[name][2]) if name in a else set()
        new = set(items)
        if old - new:
            out.append(f"delete element {table} {name} {{ {', '.join(sorted(old - new))} }}")
        if new - old:
            out.append(f"add element {table} {name} {{ {', '.join(sorted(new - old))} }}")
    for name, (kind, decl, items) in b.items():
        if kind == "chain" and (name not in a or a[name][2] != items):
            if name in a:
                out.append(f"flush chain {table} {name}")
            out += [f"add rule {table} {name} {rule}" for rule in items]
    gone_chains = [n for n, o in a.items() if o[0] == "chain" and n not in b]
    # Removals: rules first (they refer to sets and chains), then sets and maps (map verdicts refer to chains), then chains.
    out += [f"flush chain {table} {n}" for n in gone_chains]
    out += [f"delete {o[0]} {table} {n}" for n, o in a.items() if o[0] != "chain" and n not in b]
    out += [f"delete chain {table} {n}" for n in gone_chains]
    return "\n".join(out) + ("\n" if out else "")


# ---------------------------------------------------------------------------------------------------------------------
# Inner process in the kernel namespace: `nft -f` (and libnftables in-process) of the same ruleset and deltas.
# ---------------------------------------------------------------------------------------------------------------------

class LibNftables:
    def __init__(self):
        self.lib = ctypes.CDLL("libnftables.so.1")
        self.lib.nft_ctx_new.restype = ctypes.c_void_p
        self.lib.nft_ctx_new.argtypes = [ctypes.c_uint32]
        self.lib.nft_ctx_free.argtypes = [ctypes.c_void_p]
        self.lib.nft_ctx_buffer_output.argtypes = [ctypes.c_void_p]
        self.lib.nft_ctx_buffer_error.argtypes = [ctypes.c_void_p]
        self.lib.nft_ctx_get_error_buffer.argtypes = [ctypes.c_void_p]
        self.lib.nft_ctx_get_error_buffer.restype = ctypes.c_char_p
        self.lib.nft_run_cmd_from_buffer.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
        self.lib.nft_run_cmd_from_buffer.restype = ctypes.c_int
        self.ctx = self.lib.nft_ctx_new(0)
        self.lib.nft_ctx_buffer_output(self.ctx)
        self.lib.nft_ctx_buffer_error(self.ctx)

    def run_ms(self, script):
        data = script.encode()
        started = time.perf_counter()
        rc = self.lib.nft_run_cmd_from_buffer(self.ctx, data)
        elapsed = (time.perf_counter() - started) * 1000
        if rc != 0:
            raise RuntimeError("libnftables: " + (self.lib.nft_ctx_get_error_buffer(self.ctx) or b"").decode(errors="replace")[:2000])
        return elapsed


def nft_f_ms(path):
    started = time.perf_counter()
    r = subprocess.run(["nft", "-f", path], capture_output=True, text=True)
    elapsed = (time.perf_counter() - started) * 1000
    if r.returncode != 0:
        raise RuntimeError(f"nft -f {os.path.basename(path)}: {r.stderr[:2000]}")
    return elapsed


def delete_table():
    subprocess.run(["nft", "delete", "table", "inet", "calico"], capture_output=True)


def inner_kernel(a):
    signal.signal(signal.SIGTERM, raise_keyboard_interrupt)
    check_own_namespace(a)
    work = a.work
    result = {"netns": a.netns, "full_load": {"nft_f_ms": [], "libnftables_ms": []}, "deltas": {}}
    try:
        lib = LibNftables()
        ruleset = os.path.join(work, "ruleset.nft")
        with open(ruleset) as f:
            ruleset_text = f.read()
        # The whole ruleset into an empty namespace, alternating nft -f and the library.
        for r in range(a.kernel_repeats):
            delete_table()
            result["full_load"]["nft_f_ms"].append(nft_f_ms(ruleset))
            delete_table()
            result["full_load"]["libnftables_ms"].append(lib.run_ms(ruleset_text))
        log(f"kernel full load: nft -f p50 {statistics.median(result['full_load']['nft_f_ms']):.0f} ms")
        # Each captured delta, forward and back, on the table as it was before the change.
        for kind in ("label", "policy"):
            d = result["deltas"][kind] = {"nft_f_ms": [], "libnftables_ms": [], "lines": [], "empty": 0}
            k = 0
            while os.path.exists(os.path.join(work, f"delta-{kind}-{k}-before.nft")):
                before = os.path.join(work, f"delta-{kind}-{k}-before.nft")
                with open(before) as f:
                    before_text = f.read()
                with open(os.path.join(work, f"delta-{kind}-{k}-after.nft")) as f:
                    after_text = f.read()
                forward, back = delta_script(before_text, after_text), delta_script(after_text, before_text)
                d["lines"].append(forward.count("\n"))
                if not forward:
                    d["empty"] += 1
                fpath, bpath = os.path.join(work, f"delta-{kind}-{k}-fwd.nft"), os.path.join(work, f"delta-{kind}-{k}-back.nft")
                for path, text in ((fpath, forward), (bpath, back)):
                    with open(path, "w") as f:
                        f.write(text)
                delete_table()
                nft_f_ms(before)
                for _ in range(a.delta_repeats):
                    d["nft_f_ms"].append(nft_f_ms(fpath))
                    d["nft_f_ms"].append(nft_f_ms(bpath))
                    if forward:
                        d["libnftables_ms"].append(lib.run_ms(forward))
                        d["libnftables_ms"].append(lib.run_ms(back))
                # The table must now equal the "before" listing again (the delta writer is checked every run).
                if normalized(nft_list()) != normalized(before_text):
                    raise RuntimeError(f"{kind} delta {k}: forward + back did not restore the table")
                k += 1
            if d["nft_f_ms"]:
                log(f"kernel {kind} delta: nft -f p50 {statistics.median(d['nft_f_ms']):.1f} ms, {d['lines']} lines")
        delete_table()
    except KeyboardInterrupt:
        result["error"] = "interrupted"
    except Exception as e:
        result["error"] = f"kernel baseline: {e}"
    with open(os.path.join(work, "kernel.json"), "w") as f:
        json.dump(result, f)
    return 0 if "error" not in result else 1


if __name__ == "__main__":
    sys.exit(main())
