#!/usr/bin/env python3
"""Typha benchmark (issue 6): one real calico-typha process holding a ~100k-key Felix snapshot, serving N clients
(default 2,000) on loopback from one load process. Measures, in one run:

  - time until ONE client is in sync (baseline, alone), then until ALL N clients are in sync (started together);
  - latency of a single datastore write until every one of the N clients has it (p50/p99 over --updates writes);
  - Typha's memory per client: VmRSS (and GC heap, from Typha's metrics) with the snapshot and 0 clients vs with N
    clients in sync, divided by N;
  - the same single writes delivered through N direct datastore watches (no Typha), for comparison: on SQLite
    (always) and on one real etcd member on loopback (--etcd).

    python3 benchmarks/typha/typha_bench.py [--clients 2000] [--endpoints 100000] [--updates 50] [--etcd] [--no-build]

Prints one JSON object on stdout; progress on stderr. Everything it creates lives in a temp directory named
typhabench-<random> (removed at the end); the processes it starts (calico-typha, the load process, etcd) are stopped by
PID in a finally, also on Ctrl-C / SIGTERM. No system-wide setting is changed: the open-file limit is raised only for
its own children (setrlimit in the child before exec). See README.md beside this file.
"""
import argparse, json, os, re, resource, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
LOAD_PROJECT = os.path.join(REPO, "benchmarks", "Calico.Typha.LoadClients")
GEN_PROJECT = os.path.join(REPO, "benchmarks", "Calico.Felix.ClusterGenerator")
ETCD_LAB = os.path.normpath(os.path.join(REPO, "..", "shared", "env", "etcd-lab.sh"))
TARGET_P99_MS = 100
TARGET_KIB_PER_CLIENT = 20


def log(*parts):
    print("typha_bench:", *parts, file=sys.stderr, flush=True)


def raise_keyboard_interrupt(*_):
    raise KeyboardInterrupt


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def raise_nofile(limit):
    """Runs in the child before exec: a higher open-file limit for this process only."""
    def apply():
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        want = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, want), hard))
    return apply


def status_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"/proc/{pid}/status has no {field}")


def receiver_env():
    """The load process stands for thousands of separate nodes: its idle thread-pool workers must not spin on the two
    cores Typha needs (each node would spin on its own CPU), and a collection there pauses every receiver at once (each
    node would pause alone), so it gets a 128 MB gen0 budget. Set on the load process only, never on Typha."""
    return dict(os.environ, DOTNET_ThreadPool_UnfairSemaphoreSpinLimit="0", DOTNET_GCgen0size="0x8000000")


def load_average():
    with open("/proc/loadavg") as f:
        return [float(x) for x in f.read().split()[:3]]


def dll(project, name):
    path = os.path.join(project, "bin", "Release", "net10.0", name + ".dll")
    if not os.path.exists(path):
        raise RuntimeError(f"{path} is missing: run without --no-build")
    return path


class Children:
    """Every process this script starts, stopped by PID (SIGTERM, then SIGKILL after a grace period)."""

    def __init__(self):
        self.procs = []

    def start(self, args, **kw):
        p = subprocess.Popen(args, **kw)
        self.procs.append(p)
        return p

    def stop(self, p, grace=15):
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(grace)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        return p.returncode

    def stop_all(self):
        for p in reversed(self.procs):
            try:
                self.stop(p, grace=5)
            except Exception as e:  # noqa: BLE001 - cleanup goes on
                log(f"could not stop PID {p.pid}: {e}")


class Typha:
    """One calico-typha daemon (bin/calico-typha) on loopback with health and metrics on free ports."""

    def __init__(self, children, binary, workdir, datastore_env, nofile):
        self.children, self.port, self.health, self.metrics = children, free_port(), free_port(), free_port()
        env = dict(os.environ, **datastore_env,
                   TYPHA_LISTENADDRESS="127.0.0.1", TYPHA_SERVERPORT=str(self.port),
                   TYPHA_HEALTHHOST="127.0.0.1", TYPHA_HEALTHPORT=str(self.health),
                   TYPHA_PROMETHEUSMETRICSENABLED="true", TYPHA_PROMETHEUSMETRICSHOST="127.0.0.1",
                   TYPHA_PROMETHEUSMETRICSPORT=str(self.metrics), TYPHA_LOGSEVERITYSCREEN="WARNING")
        self.log_path = os.path.join(workdir, f"typha-{self.port}.log")
        self.log_file = open(self.log_path, "w")
        self.started = time.monotonic()
        self.proc = children.start([binary], env=env, stdout=self.log_file, stderr=subprocess.STDOUT,
                                   preexec_fn=raise_nofile(nofile))
        log(f"calico-typha PID {self.proc.pid} on 127.0.0.1:{self.port}")

    def wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"calico-typha exited with {self.proc.returncode}: {self.tail()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.health}/readiness", timeout=2) as r:
                    if r.status == 200:
                        return round(time.monotonic() - self.started, 2)
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"calico-typha not ready within {timeout}s: {self.tail()}")

    def scrape(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.metrics}/metrics", timeout=10) as r:
            text = r.read().decode()
        values = {}
        for line in text.splitlines():
            m = re.match(r'^([a-z_]+(?:\{[^}]*\})?) ([0-9.eE+-]+)$', line)
            if m:
                values[m.group(1)] = float(m.group(2))
        return values

    def memory(self):
        metrics = self.scrape()
        sample = {"rss_bytes": status_kib(self.proc.pid, "VmRSS") * 1024,
                  "connections_active": metrics.get("typha_connections_active"),
                  "compressed_snapshot_bytes": metrics.get('typha_snapshot_compressed_bytes{syncer="felix"}', 0),
                  "snapshots_compressed": metrics.get('typha_snapshots_compressed_total{syncer="felix"}', 0)}
        sample["dropped"] = {k[k.index('"') + 1:-2]: v for k, v in metrics.items() if k.startswith("typha_connections_dropped_total{")}
        for name in ("dotnet_gc_heap_size_bytes", "dotnet_gc_committed_bytes", "dotnet_gc_heap_total_bytes"):
            if name in metrics:
                sample[name] = metrics[name]
        return sample

    def tail(self):
        self.log_file.flush()
        with open(self.log_path) as f:
            return f.read()[-1500:]

    def stop(self):
        code = self.children.stop(self.proc)
        self.log_file.close()
        return code


def run_json(children, args, nofile, timeout):
    """Runs a load-process mode to the end and returns its JSON (stderr passes through)."""
    p = children.start(args, stdout=subprocess.PIPE, text=True, preexec_fn=raise_nofile(nofile))
    out, _ = p.communicate(timeout=timeout)
    lines = [l for l in out.splitlines() if l.startswith("{")]
    if not lines:
        raise RuntimeError(f"{' '.join(args[:3])} exited with {p.returncode} and no JSON")
    return json.loads(lines[-1])


def typha_run(children, args, workdir, store_spec, datastore_env, plan, typha_bin, nofile):
    """calico-typha on the given store: idle memory, N clients, memory with N in sync, then the update latency."""
    typha = Typha(children, typha_bin, workdir, datastore_env, nofile)
    result = {"typha_ready_s": typha.wait_ready(args.ready_timeout)}
    time.sleep(args.settle)
    idle = typha.memory()
    log(f"Typha ready in {result['typha_ready_s']}s; idle RSS {idle['rss_bytes'] / 2**20:.1f} MiB")
    load = children.start(["dotnet", dll(LOAD_PROJECT, "Calico.Typha.LoadClients"), "typha",
                           "--typha", f"127.0.0.1:{typha.port}", "--clients", str(args.clients), "--store", store_spec,
                           "--plan", plan, "--updates", str(args.updates), "--wait-for-go",
                           "--inflate-every", str(args.inflate_every), "--typha-pid", str(typha.proc.pid)],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, preexec_fn=raise_nofile(nofile),
                          env=receiver_env())
    for line in load.stdout:
        if line.startswith('{"event":"in_sync"'):
            break
    else:
        raise RuntimeError(f"the load process exited with {load.wait()} before its clients were in sync")
    time.sleep(args.settle)
    busy = typha.memory()
    log(f"{args.clients} clients in sync; Typha RSS {busy['rss_bytes'] / 2**20:.1f} MiB")
    load.stdin.write("go\n")
    load.stdin.flush()
    out = load.stdout.read()
    load.wait(args.timeout)
    lines = [l for l in out.splitlines() if l.startswith("{")]
    if not lines:
        raise RuntimeError(f"the load process exited with {load.returncode} and no JSON")
    result.update(json.loads(lines[-1])["typha"])
    after = typha.memory()
    # Per connection actually open at the reading (clients the server dropped are not counted).
    clients = max(1, (busy["connections_active"] or 0) - (idle["connections_active"] or 0))
    # The compressed snapshot is made for the first client and shared by all: it is part of the shared snapshot, not of
    # any client, so it is taken out (and reported).
    shared = busy["compressed_snapshot_bytes"] - idle["compressed_snapshot_bytes"]
    memory = {"idle": idle, "clients_in_sync": busy, "after_updates": after, "shared_compressed_snapshot_bytes": shared,
              "rss_per_client_bytes": round((busy["rss_bytes"] - idle["rss_bytes"] - shared) / clients)}
    if "dotnet_gc_heap_size_bytes" in busy:
        memory["gc_heap_per_client_bytes"] = round((busy["dotnet_gc_heap_size_bytes"] - idle["dotnet_gc_heap_size_bytes"]) / clients)
    result["memory"] = memory
    result["typha_exit"] = typha.stop()
    return result


def direct_watch_run(children, args, store_spec, plan, nofile, stores):
    log(f"{args.clients} direct watches on {store_spec.split(':')[0]} ({stores} store instance(s))...")
    return run_json(children, ["dotnet", dll(LOAD_PROJECT, "Calico.Typha.LoadClients"), "watch",
                               "--watchers", str(args.clients), "--stores", str(stores), "--store", store_spec,
                               "--plan", plan, "--updates", str(args.updates)], nofile, args.timeout)["direct_watch"]


def verdict(result):
    latency = result.get("update_latency", {}).get("to_all_receivers", {})
    per_client = result.get("memory", {}).get("rss_per_client_bytes")
    return {"p99_to_all_ms": latency.get("p99_ms"), "p99_target_ms": TARGET_P99_MS,
            "p99_met": latency.get("p99_ms") is not None and latency["p99_ms"] <= TARGET_P99_MS
            and result["update_latency"]["rounds_timed_out"] == 0,
            "rss_per_client_kib": None if per_client is None else round(per_client / 1024, 2),
            "snapshot_complete": result.get("kvs_per_inflating_client_min") == result.get("one_client_snapshot_kvs")
            and result.get("clients_failed") == 0,
            "memory_target_kib": TARGET_KIB_PER_CLIENT,
            "memory_met": per_client is not None and per_client <= TARGET_KIB_PER_CLIENT * 1024}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--endpoints", type=int, default=100_000, help="WorkloadEndpoints in the generated store")
    parser.add_argument("--policies", type=int, default=1000)
    parser.add_argument("--namespaces", type=int, default=1000)
    parser.add_argument("--updates", type=int, default=50)
    parser.add_argument("--etcd", action="store_true", help="also run Typha and the direct watches on one real etcd member")
    parser.add_argument("--etcd-stores", type=int, default=0,
                        help="etcd store instances (gRPC connections) the direct watches are spread over (default: one per 50 watches)")
    parser.add_argument("--inflate-every", type=int, default=20,
                        help="every Nth client inflates and decodes the compressed snapshot; the others take its frames as they are")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--settle", type=float, default=5.0, help="seconds to wait before each memory reading")
    parser.add_argument("--ready-timeout", type=float, default=600)
    parser.add_argument("--timeout", type=float, default=3600)
    args = parser.parse_args()

    signal.signal(signal.SIGTERM, raise_keyboard_interrupt)
    signal.signal(signal.SIGHUP, raise_keyboard_interrupt)
    nofile = args.clients * 2 + 1024
    children = Children()
    workdir = tempfile.mkdtemp(prefix="typhabench-")
    etcd_dir = None
    result = {"config": {"clients": args.clients, "endpoints": args.endpoints, "policies": args.policies,
                         "namespaces": args.namespaces, "updates": args.updates, "inflate_every": args.inflate_every, "cpus": os.cpu_count()},
              "load_average_start": load_average()}
    try:
        typha_bin = os.path.join(REPO, "bin", "calico-typha")
        if not args.no_build:
            log("building...")
            for project in (LOAD_PROJECT, GEN_PROJECT):
                subprocess.run(["dotnet", "build", project, "-c", "Release", "-nologo", "-v", "quiet", "-clp:ErrorsOnly"], check=True)
            subprocess.run(["dotnet", "publish", os.path.join(REPO, "src", "Calico.Typha.Daemon"), "-c", "Release", "-o",
                            os.path.join(REPO, "bin"), "-nologo", "-v", "quiet", "-clp:ErrorsOnly"], check=True)
        db, plan = os.path.join(workdir, "store.db"), os.path.join(workdir, "plan.json")
        log(f"generating {args.endpoints} endpoints into {db}...")
        gen = subprocess.run(["dotnet", dll(GEN_PROJECT, "Calico.Felix.ClusterGenerator"), "generate", "--db", db, "--plan", plan,
                              "--endpoints", str(args.endpoints), "--policies", str(args.policies),
                              "--namespaces", str(args.namespaces)], capture_output=True, text=True, check=True)
        result["datastore"] = json.loads(gen.stdout)

        sqlite_env = {"DATASTORE_TYPE": "sqlite", "SQLITE_PATH": db}
        result["typha_sqlite"] = typha_run(children, args, workdir, f"sqlite:{db}", sqlite_env, plan, typha_bin, nofile)
        result["typha_sqlite"]["verdict"] = verdict(result["typha_sqlite"])
        result["direct_watch_sqlite"] = direct_watch_run(children, args, f"sqlite:{db}", plan, nofile, 1)

        if args.etcd:
            etcd_dir = os.path.join(workdir, "etcd")
            out = subprocess.run(["bash", ETCD_LAB, "start", etcd_dir, "1"], capture_output=True, text=True, check=True).stdout
            endpoints = re.search(r"ETCD_ENDPOINTS=(\S+)", out).group(1)
            spec = f"etcd:{endpoints}"
            log(f"etcd at {endpoints}; copying the store...")
            result["etcd_seed"] = run_json(children, ["dotnet", dll(LOAD_PROJECT, "Calico.Typha.LoadClients"), "seed",
                                                      "--from", f"sqlite:{db}", "--store", spec], nofile, args.timeout)["seed"]
            etcd_env = {"DATASTORE_TYPE": "etcdv3", "ETCD_ENDPOINTS": endpoints}
            result["typha_etcd"] = typha_run(children, args, workdir, spec, etcd_env, plan, typha_bin, nofile)
            result["typha_etcd"]["verdict"] = verdict(result["typha_etcd"])
            stores = args.etcd_stores or max(1, args.clients // 50)
            result["direct_watch_etcd"] = direct_watch_run(children, args, spec, plan, nofile, stores)
        result["load_average_end"] = load_average()
    except KeyboardInterrupt:
        result["error"] = "interrupted"
    except Exception as e:  # noqa: BLE001 - reported in the JSON
        result["error"] = f"{type(e).__name__}: {e}"
    finally:
        children.stop_all()
        if etcd_dir is not None:
            subprocess.run(["bash", ETCD_LAB, "stop", etcd_dir], capture_output=True)
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(result, indent=2))
    return 1 if "error" in result else 0


if __name__ == "__main__":
    sys.exit(main())
