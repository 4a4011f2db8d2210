#!/usr/bin/env python3
"""Multi-node benchmark (issue 5): time from starting calico-node on every node of a calico-lab to all-pairs pod
reachability, for 3 and 10 nodes in vxlan and bgp mode, each beside a kernel baseline measured in the same lab (the same
routes added by hand with `ip route add`), and the convergence after a node joins. Prints one JSON object.

    python3 benchmarks/multinode/multinode_bench.py [--sizes 3,10] [--modes vxlan,bgp] [--timeout 120] [--bin DIR]

Runs as root. Everything happens inside calico-lab labs this script creates (uniquely named bm<6 hex>, state in
/tmp/calico-bench-mn-<hex>): every `ip` command it runs itself is `ip -n <that lab's namespace>`, the probes are sent
from ICMP sockets opened inside the lab's pod namespaces, calico-node is started and stopped only through calico-lab
(which does it by PID). A `finally` (also on Ctrl-C, SIGTERM, SIGHUP) runs `calico-lab down` for every lab it made and
removes the state directory. See README.md beside this file.
"""
import argparse, ctypes, ipaddress, json, math, os, re, secrets, select, shutil, signal, socket, statistics, struct, subprocess, sys, threading, time
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
CLONE_NEWNET = 0x40000000
NETNS_DIR = "/run/netns"


def log(*parts):
    print("multinode_bench:", *parts, file=sys.stderr, flush=True)


def ms_since(t0):
    return round((time.monotonic() - t0) * 1000, 1)


def percentiles(samples):
    """p50/p99 by linear interpolation between order statistics (as felix_bench.py), and the maximum."""
    if not samples:
        return None
    s = sorted(samples)

    def pct(p):
        rank = p * (len(s) - 1)
        lo = math.floor(rank)
        hi = min(lo + 1, len(s) - 1)
        return s[lo] + (rank - lo) * (s[hi] - s[lo])

    return {"p50": round(pct(0.5), 1), "p99": round(pct(0.99), 1), "max": round(s[-1], 1), "count": len(s)}


def raise_keyboard_interrupt(*_):
    raise KeyboardInterrupt


class StageError(RuntimeError):
    def __init__(self, stage, message, nodes=()):
        super().__init__(f"{stage}: {message}")
        self.stage, self.nodes = stage, list(nodes)


# ---------------------------------------------------------------------------------------------------------------------
# A lab: calico-lab for everything it offers; `ip -n` only inside its own namespaces.
# ---------------------------------------------------------------------------------------------------------------------

class Lab:
    def __init__(self, bin_dir, state_dir, name, mode):
        self.bin, self.state_dir, self.name, self.mode = bin_dir, state_dir, name, mode
        self.dir = os.path.join(state_dir, name)
        self.env = dict(os.environ, CALICO_LAB_STATE_DIR=state_dir)

    # -- calico-lab ---------------------------------------------------------------------------------------------------
    def cmd(self, *args):
        return [os.path.join(self.bin, "calico-lab"), *args, "--name", self.name]

    def run(self, *args, check=True):
        r = subprocess.run(self.cmd(*args), capture_output=True, text=True, env=self.env)
        if check and r.returncode != 0:
            raise RuntimeError(f"calico-lab {' '.join(args)} exited with {r.returncode}: {(r.stderr or r.stdout).strip()[-1500:]}")
        return r

    def popen(self, *args):
        return subprocess.Popen(self.cmd(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=self.env)

    def state(self):
        with open(os.path.join(self.dir, "lab.json")) as f:
            return json.load(f)

    def nodes(self):
        """[(name, namespace, underlay address)] in index order."""
        return [(n["name"], n["namespace"], n["address"].split("/")[0]) for n in sorted(self.state()["nodes"], key=lambda n: n["index"])]

    def pod(self, ns, name):
        with open(os.path.join(self.dir, "pods", f"{ns}_{name}.json")) as f:
            p = json.load(f)
        return {"name": f"{ns}/{name}", "node": p["node"], "netns": p["networkNamespace"], "ip": p["addresses"][0].split("/")[0]}

    def log_tail(self, node, lines=15):
        try:
            with open(os.path.join(self.dir, "logs", f"{node}.log"), errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""

    # -- the kernel, only inside this lab's namespaces ----------------------------------------------------------------
    def own(self, netns):
        # Every namespace a lab makes is "<lab>-<something>"; refuse anything else (and the root namespace).
        if not netns or not netns.startswith(self.name + "-") or "/" in netns:
            raise RuntimeError(f"refusing to touch namespace {netns!r}: not one of lab {self.name}'s")
        return netns

    def ip(self, netns, *args, check=True, stdin=None):
        r = subprocess.run(["ip", "-n", self.own(netns), *args], capture_output=True, text=True, input=stdin)
        if check and r.returncode != 0:
            raise RuntimeError(f"ip -n {netns} {' '.join(args)} exited with {r.returncode}: {r.stderr.strip()[-500:]}")
        return r

    def nft(self, netns, *args, check=True):
        r = subprocess.run(["ip", "netns", "exec", self.own(netns), "nft", *args], capture_output=True, text=True)
        if check and r.returncode != 0:
            raise RuntimeError(f"nft {' '.join(args)} in {netns} exited with {r.returncode}: {r.stderr.strip()[-500:]}")
        return r

    def wait_ready(self, count, timeout):
        """Until `calico-lab status` says calico-node ready on `count` nodes."""
        deadline = time.monotonic() + timeout
        while True:
            out = self.run("status").stdout
            if out.count("calico-node ready") >= count:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"calico-node not ready on every node after {timeout} s:\n{out[-1500:]}")
            time.sleep(0.25)

    def wipe_dataplane(self, netns):
        """Remove what calico-node programmed in a node (it was SIGKILLed, so all of it stayed): its nftables tables, the
        vxlan.calico device (with its neighbours and FDB entries), its routes (proto 80) and BIRD's (proto bird). What
        calico-lab and the CNI plugin made (eth0, the default route, the pods' cali* veths and /32 routes) stays."""
        for line in self.nft(netns, "list", "tables").stdout.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[0] == "table" and "calico" in parts[2]:
                self.nft(netns, "delete", "table", parts[1], parts[2])
        if self.ip(netns, "link", "show", "vxlan.calico", check=False).returncode == 0:
            self.ip(netns, "link", "del", "vxlan.calico")
        for proto in ("80", "bird"):
            self.ip(netns, "route", "flush", "proto", proto)
        links = [l.split(":")[1].strip().split("@")[0] for l in self.ip(netns, "-o", "link", "show").stdout.splitlines()]
        extra = [l for l in links if l not in ("lo", "eth0") and not l.startswith("cali")]
        if extra:
            raise RuntimeError(f"{netns} still has links {extra} after removing calico-node's")


# ---------------------------------------------------------------------------------------------------------------------
# The prober: one raw ICMP socket per pod, opened inside the pod's namespace; echo requests from the script itself
# (no process per probe), one per pending pair every interval; a pair's time is when its first reply arrived.
# ---------------------------------------------------------------------------------------------------------------------

_libc = ctypes.CDLL("libc.so.6", use_errno=True)


def socket_in_netns(lab, netns):
    """A raw ICMP socket created in `netns` by a short-lived thread that enters it (setns changes only the calling
    thread's namespace; the thread ends right after, the socket stays bound to the pod's namespace)."""
    out = {}

    def enter():
        try:
            with open(os.path.join(NETNS_DIR, lab.own(netns))) as f:
                if _libc.setns(f.fileno(), CLONE_NEWNET) != 0:
                    raise OSError(ctypes.get_errno(), f"setns {netns}")
            if os.readlink("/proc/thread-self/ns/net") == os.readlink("/proc/self/ns/net"):
                raise RuntimeError(f"setns into {netns} left the thread in the script's namespace")
            out["sock"] = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
        except Exception as e:  # reported to the caller
            out["error"] = e

    t = threading.Thread(target=enter, daemon=True)
    t.start()
    t.join()
    if "error" in out:
        raise out["error"]
    out["sock"].setblocking(False)
    return out["sock"]


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


class Prober:
    def __init__(self, lab, interval):
        self.lab, self.interval = lab, interval
        self.ident = secrets.randbelow(0xFFFF) + 1
        self.token = secrets.token_bytes(8)
        self.socks = {}        # pod name -> socket
        self.by_fd = {}
        self.pairs = []        # (src pod, dst pod)
        self.pending = set()   # indexes into pairs
        self.first = {}        # index -> monotonic time of the first reply
        self.next_send = 0.0
        self.t0 = 0.0

    def add_pod(self, pod):
        if pod["name"] not in self.socks:
            s = socket_in_netns(self.lab, pod["netns"])
            self.socks[pod["name"]] = s
            self.by_fd[s.fileno()] = pod["name"]

    def start(self, pairs, t0):
        """Probe these (src, dst) pairs from t0 on, forgetting earlier ones."""
        for src, _ in pairs:
            self.add_pod(src)
        self.pairs = list(pairs)
        self.pending = set(range(len(self.pairs)))
        self.first = {}
        self.t0 = t0
        self.next_send = time.monotonic()
        self.ident = (self.ident % 0xFFFF) + 1  # replies to an earlier run's probes do not count

    def packet(self, seq):
        body = struct.pack("!BBHHH", 8, 0, 0, self.ident, seq) + self.token + b"calico-bench-mn" + b"\0" * 17
        return body[:2] + struct.pack("!H", checksum(body)) + body[4:]

    def step(self, until):
        """Send (when due) to every pending pair and collect replies until `until` (monotonic)."""
        while True:
            now = time.monotonic()
            if now >= self.next_send and self.pending:
                for i in list(self.pending):
                    src, dst = self.pairs[i]
                    try:
                        self.socks[src["name"]].sendto(self.packet(i), (dst["ip"], 0))
                    except OSError:
                        pass  # no route yet, or a full buffer: the next round tries again
                self.next_send = now + self.interval
            if now >= until or not self.pending:
                return
            ready, _, _ = select.select(list(self.socks.values()), [], [], max(0.0, min(until, self.next_send) - now))
            arrived = time.monotonic()
            for s in ready:
                self.drain(s, arrived)

    def drain(self, s, arrived):
        src_name = self.by_fd[s.fileno()]
        while True:
            try:
                data, addr = s.recvfrom(2048)
            except (BlockingIOError, InterruptedError):
                return
            ihl = (data[0] & 0x0F) * 4
            if len(data) < ihl + 16:
                continue
            typ, _, _, ident, seq = struct.unpack("!BBHHH", data[ihl:ihl + 8])
            if typ != 0 or ident != self.ident or data[ihl + 8:ihl + 16] != self.token or seq >= len(self.pairs):
                continue
            src, dst = self.pairs[seq]
            if src["name"] == src_name and addr[0] == dst["ip"] and seq in self.pending:
                self.pending.discard(seq)
                self.first[seq] = arrived

    def first_ms(self):
        return [(self.first[i] - self.t0) * 1000 for i in sorted(self.first)]

    def missing(self):
        return [self.pairs[i] for i in sorted(self.pending)]

    def close(self):
        for s in self.socks.values():
            s.close()
        self.socks.clear()
        self.by_fd.clear()


def describe(pairs, limit=8):
    text = ", ".join(f"{s['name']}({s['node']})->{d['name']}({d['node']})" for s, d in pairs[:limit])
    return text + (f" and {len(pairs) - limit} more" if len(pairs) > limit else "")


def wait_all_pairs(prober, pairs, t0, timeout, stage):
    prober.start(pairs, t0)
    deadline = t0 + timeout
    while prober.pending and time.monotonic() < deadline:
        prober.step(min(deadline, time.monotonic() + 0.5))
    if prober.pending:
        missing = prober.missing()
        nodes = sorted({p["node"] for pr in missing for p in pr})
        raise StageError(stage, f"{len(missing)} of {len(pairs)} pairs still unreachable after {timeout} s: {describe(missing)}", nodes)
    done = max(prober.first.values())
    return round((done - t0) * 1000, 1), prober.first_ms()


def reachable_now(prober, pairs, window=0.5):
    """How many pairs answer within `window` seconds (used to check nothing is reachable before a measurement)."""
    t0 = time.monotonic()
    prober.start(pairs, t0)
    while prober.pending and time.monotonic() < t0 + window:
        prober.step(t0 + window)
    return len(prober.first)


# ---------------------------------------------------------------------------------------------------------------------
# One mode and size: baseline (routes by hand) then calico-node (start on every node), on the same lab and pods.
# ---------------------------------------------------------------------------------------------------------------------

def pool_block_size(lab):
    env = dict(os.environ, DATASTORE_TYPE="sqlite", SQLITE_PATH=os.path.join(lab.dir, "calico.db"))
    r = subprocess.run([os.path.join(lab.bin, "calicoctl"), "get", "ippools", "-o", "json"], capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise RuntimeError(f"calicoctl get ippools: {r.stderr.strip()[-500:]}")
    items = json.loads(r.stdout).get("items", [])
    sizes = {i["spec"].get("blockSize", 26) for i in items if ":" not in i["spec"]["cidr"]}
    if len(sizes) != 1:
        raise RuntimeError(f"expected one IPv4 pool block size, found {sizes}")
    return sizes.pop()


LOG_TIME = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) ")
LOG_MARKS = {"first_log_ms": "calico-node starting", "bird_started_ms": "BIRD started", "in_sync_ms": "In sync with the datastore"}


def log_marks(lab, nodes, wall0):
    """Where the start went, from each node's calico-node log (millisecond local timestamps) after t0: the first log
    line (runtime start), BIRD started (bgp mode), in sync with the datastore; median and slowest node, ms from t0."""
    per = {k: [] for k in LOG_MARKS}
    for name, _, _ in nodes:
        seen = {}
        try:
            with open(os.path.join(lab.dir, "logs", f"{name}.log"), errors="replace") as f:
                for line in f:
                    m = LOG_TIME.match(line)
                    if not m:
                        continue
                    t = (datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S.%f").timestamp() - wall0) * 1000
                    if t < -5:  # an earlier run of this node's calico-node
                        continue
                    for key, text in LOG_MARKS.items():
                        if key not in seen and text in line:
                            seen[key] = t
        except OSError:
            pass
        for key, t in seen.items():
            per[key].append(t)
    return {k: {"median": round(statistics.median(v), 1), "max": round(max(v), 1), "nodes": len(v)} for k, v in per.items() if v}


def stop_all(lab, nodes):
    for name, _, _ in nodes:
        lab.run("node", "stop", name)


def start_all(lab, nodes, stage):
    """`calico-lab node start` for every node at once; returns when all have returned (ms)."""
    t = time.monotonic()
    procs = [(name, lab.popen("node", "start", name)) for name, _, _ in nodes]
    failed = []
    for name, p in procs:
        out, err = p.communicate()
        if p.returncode != 0:
            failed.append(f"{name}: {(err or out).strip()[-300:]}")
    if failed:
        raise StageError(stage, "node start failed: " + "; ".join(failed), [n for n, _, _ in nodes])
    return ms_since(t)


def measure(lab, size, a, prober, entry):
    progress = {"stage": "up"}
    try:
        return _measure(lab, size, a, prober, entry, progress)
    except StageError:
        raise
    except Exception as e:
        raise StageError(progress["stage"], str(e), [n for n, _, _ in safe_nodes(lab)]) from e


def _measure(lab, size, a, prober, entry, progress):
    stage = "up"
    t = time.monotonic()
    lab.run("up", "--nodes", str(size), "--mode", lab.mode)
    entry["lab_up_ms"] = ms_since(t)
    nodes = lab.nodes()
    lab.wait_ready(size, a.timeout)
    entry["up_to_ready_ms"] = ms_since(t)

    # calico-node has registered every node (tunnel addresses, BGP addresses). Stop it and remove everything it
    # programmed, so the measured start programs the nodes from nothing.
    stage = progress["stage"] = "stop and wipe"
    stop_all(lab, nodes)
    for _, netns, _ in nodes:
        lab.wipe_dataplane(netns)

    stage = progress["stage"] = "pods"
    pods = []
    for i, (name, _, _) in enumerate(nodes, 1):
        lab.run("pod", "add", f"bench/p{i}", "--node", name)
        pods.append(lab.pod("bench", f"p{i}"))
    pairs = [(s, d) for s in pods for d in pods if s["node"] != d["node"]]
    entry.update(nodes=size, pairs=len(pairs))
    for p in pods:
        prober.add_pod(p)
    if reachable_now(prober, pairs):
        raise StageError(stage, "pods on different nodes already reach each other before anything was programmed")

    # Baseline: the routes a BGP mesh would program (each other node's block via its underlay address), by hand.
    stage = progress["stage"] = "baseline"
    block = pool_block_size(lab)
    addr = {name: a_ for name, _, a_ in nodes}
    blocks = {p["node"]: str(ipaddress.ip_network(f"{p['ip']}/{block}", strict=False)) for p in pods}
    batches = {netns: "".join(f"route add {blocks[other]} via {addr[other]}\n" for other, _, _ in nodes if other != name)
               for name, netns, _ in nodes}
    t0 = time.monotonic()
    procs = [subprocess.Popen(["ip", "-n", lab.own(netns), "-batch", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for netns in batches]
    for p, text in zip(procs, batches.values()):
        p.stdin.write(text)
        p.stdin.close()
    baseline_ms, _ = wait_all_pairs(prober, pairs, t0, a.timeout, stage)
    for p in procs:
        if p.wait() != 0:
            raise StageError(stage, f"ip -batch exited with {p.returncode}: {p.stderr.read().strip()[-300:]}")
    entry["baseline_ms"] = baseline_ms
    for netns, text in batches.items():
        lab.ip(netns, "-batch", "-", stdin=text.replace("route add", "route del"))
    if reachable_now(prober, pairs):
        raise StageError(stage, "pairs still reachable after the baseline's routes were removed")

    stage = progress["stage"] = "calico-node reachability"
    entry["load_average_before_start"] = [round(x, 2) for x in os.getloadavg()]
    wall0, t0 = time.time(), time.monotonic()
    entry["node_start_ms"] = start_all(lab, nodes, stage)
    try:
        calico_ms, firsts = wait_all_pairs(prober, pairs, t0, a.timeout, stage)
    finally:
        entry["calico_node_log_marks"] = log_marks(lab, nodes, wall0)
    entry["calico_node_ms"] = calico_ms
    entry["ratio"] = round(calico_ms / baseline_ms, 2) if baseline_ms else None
    entry["pair_first_success_ms"] = percentiles(firsts)
    log(f"{lab.mode} {size} nodes: all {len(pairs)} pairs in {calico_ms:.0f} ms (baseline {baseline_ms:.0f} ms, node start {entry['node_start_ms']:.0f} ms)")
    return pods


# ---------------------------------------------------------------------------------------------------------------------
# A node joins: node add, a pod on it; until BIRD sessions, routes and pod reachability on every old node.
# ---------------------------------------------------------------------------------------------------------------------

def bird_established(lab, node, peer_addr):
    sock = os.path.join(lab.dir, "bird", f"{node}.ctl")
    r = subprocess.run(["birdc", "-s", sock, "show", "protocols"], capture_output=True, text=True)
    want = "Mesh_" + peer_addr.replace(".", "_")
    return any(l.split()[:1] == [want] and "Established" in l for l in r.stdout.splitlines())


def has_route(lab, netns, pod_ip, mode):
    proto = "bird" if mode == "bgp" else "80"
    ip = ipaddress.ip_address(pod_ip)
    for line in lab.ip(netns, "route", "show", "proto", proto).stdout.splitlines():
        parts = line.split()
        if not parts or parts[0] in ("blackhole", "unreachable", "prohibit"):
            continue
        if mode == "vxlan" and "vxlan.calico" not in parts:
            continue
        try:
            if ip in ipaddress.ip_network(parts[0], strict=False):
                return True
        except ValueError:
            continue
    return False


def join(lab, old_pods, a, prober):
    progress = {"stage": "join: node add"}
    try:
        return _join(lab, old_pods, a, prober, progress)
    except StageError:
        raise
    except Exception as e:
        raise StageError(progress["stage"], str(e), [n for n, _, _ in safe_nodes(lab)]) from e


def _join(lab, old_pods, a, prober, progress):
    out = {}
    old_nodes = lab.nodes()
    t0 = time.monotonic()
    lab.run("node", "add")
    out["node_add_ms"] = ms_since(t0)
    new_name, _, new_addr = [n for n in lab.nodes() if n[0] not in {o[0] for o in old_nodes}][0]
    progress["stage"] = "join: pod add"
    lab.run("pod", "add", "bench/pjoin", "--node", new_name)
    out["pod_add_ms"] = ms_since(t0)
    new_pod = lab.pod("bench", "pjoin")
    pairs = [(p, new_pod) for p in old_pods]
    prober.start(pairs, t0)
    established = {n for n, _, _ in old_nodes} if lab.mode != "bgp" else set()
    routed = set()
    deadline = t0 + a.timeout
    stage = progress["stage"] = "join: convergence"
    while time.monotonic() < deadline:
        for name, netns, _ in old_nodes:
            if name not in established and bird_established(lab, name, new_addr):
                established.add(name)
                if len(established) == len(old_nodes):
                    out["established_ms"] = ms_since(t0)
            if name not in routed and has_route(lab, netns, new_pod["ip"], lab.mode):
                routed.add(name)
                if len(routed) == len(old_nodes):
                    out["routes_ms"] = ms_since(t0)
        if prober.pending:
            prober.step(time.monotonic() + a.poll_ms / 1000)
        else:
            time.sleep(a.poll_ms / 1000)
        if not prober.pending and "reachable_ms" not in out:
            out["reachable_ms"] = round((max(prober.first.values()) - t0) * 1000, 1)
        if "reachable_ms" in out and len(routed) == len(old_nodes) and len(established) == len(old_nodes):
            break
    if lab.mode != "bgp":
        out["established_ms"] = None  # no BGP in vxlan mode
    missing = []
    if len(established) < len(old_nodes):
        missing.append(f"no Established Mesh_{new_addr.replace('.', '_')} on {sorted({n for n, _, _ in old_nodes} - established)}")
    if len(routed) < len(old_nodes):
        missing.append(f"no route to {new_pod['ip']} on {sorted({n for n, _, _ in old_nodes} - routed)}")
    if prober.pending:
        missing.append(f"unreachable: {describe(prober.missing())}")
    if missing:
        raise StageError(stage, f"after {a.timeout} s: " + "; ".join(missing), [new_name] + [n for n, _, _ in old_nodes])
    log(f"{lab.mode} join: established {out['established_ms']} ms, routes {out['routes_ms']} ms, reachable {out['reachable_ms']} ms")
    return out


# ---------------------------------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="3,10", help="node counts, comma separated")
    ap.add_argument("--modes", default="vxlan,bgp", help="vxlan, bgp or both")
    ap.add_argument("--timeout", type=float, default=120, help="seconds to wait for readiness, reachability, convergence")
    ap.add_argument("--probe-ms", type=float, default=20, help="interval between probe rounds (one echo request per pending pair)")
    ap.add_argument("--poll-ms", type=float, default=100, help="interval between the join's birdc and route checks (each spawns processes)")
    ap.add_argument("--no-join", action="store_true", help="skip the node-join measurement")
    ap.add_argument("--bin", default=os.path.join(REPO, "bin"), help="directory holding calico-lab, calico-node, calicoctl")
    a = ap.parse_args()
    sizes = [int(s) for s in a.sizes.split(",") if s.strip()]
    modes = [m.strip() for m in a.modes.split(",") if m.strip()]
    if any(m not in ("vxlan", "bgp") for m in modes) or any(s < 2 for s in sizes):
        sys.exit("multinode_bench: --modes takes vxlan,bgp and --sizes numbers of at least 2")
    if os.geteuid() != 0:
        sys.exit("multinode_bench: run as root (calico-lab creates network namespaces)")
    a.bin = os.path.abspath(a.bin)
    for tool in ("calico-lab", "calico-node", "calicoctl"):
        if not os.access(os.path.join(a.bin, tool), os.X_OK):
            sys.exit(f"multinode_bench: {a.bin}/{tool} is missing: run ./build.sh build")

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, raise_keyboard_interrupt)
    state_dir = "/tmp/calico-bench-mn-" + secrets.token_hex(4)
    os.makedirs(state_dir, mode=0o700)
    labs, errors = [], []
    result = {"benchmark": "multinode", "nproc": os.cpu_count(), "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
              "config": {"sizes": sizes, "modes": modes, "timeout_s": a.timeout, "probe_ms": a.probe_ms, "poll_ms": a.poll_ms, "bin": a.bin},
              "calico_node_modified": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(os.path.getmtime(os.path.join(a.bin, "calico-node")))),
              "results": {}, "join": {}}
    code = 1
    interrupted = False
    try:
        join_size = 3 if 3 in sizes else min(sizes)
        for mode in modes:
            result["results"][mode] = {}
            for size in sizes:
                lab = Lab(a.bin, state_dir, "bm" + secrets.token_hex(3), mode)
                labs.append(lab)
                entry = result["results"][mode][str(size)] = {"lab": lab.name}
                prober = Prober(lab, a.probe_ms / 1000)
                log(f"{mode}, {size} nodes: lab {lab.name}")
                try:
                    pods = measure(lab, size, a, prober, entry)
                    if size == join_size and not a.no_join:
                        result["join"][mode] = join(lab, pods, a, prober)
                except StageError as e:
                    entry["error"] = str(e)
                    entry["calico_node_log_tail"] = {n: lab.log_tail(n) for n in e.nodes[:4]}
                    errors.append(f"{mode}/{size} {e}")
                    log(f"{mode} {size}: {e}")
                finally:
                    prober.close()
                    down(lab)
                    labs.remove(lab)
        code = 0 if not errors else 1
    except KeyboardInterrupt:
        interrupted = True
        errors.append("interrupted")
        code = 130
    except Exception as e:
        errors.append(f"setup: {e}")
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        for lab in labs:
            down(lab)
        shutil.rmtree(state_dir, ignore_errors=True)
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if errors:
        result["error"] = "; ".join(errors)
    result["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, indent=2))
    return 130 if interrupted else code


def safe_nodes(lab):
    try:
        return lab.nodes()
    except (OSError, ValueError, KeyError):
        return []


def down(lab):
    r = subprocess.run(lab.cmd("down"), capture_output=True, text=True, env=lab.env)
    if r.returncode != 0:
        log(f"calico-lab down --name {lab.name} exited with {r.returncode}: {(r.stderr or r.stdout).strip()[-500:]}")


if __name__ == "__main__":
    sys.exit(main())
