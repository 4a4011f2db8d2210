#!/usr/bin/env python3
"""Times CNI ADD and DEL of our calico plugin and of Debian's reference bridge + host-local, in the same run, on the
same kind of namespaces, and prints JSON with medians and ratios. Runs as root; everything lives in namespaces and
temporary files named calico-bench-<random>, removed at the end.

usage: cni_bench.py [--pods N] [--bin DIR]
"""
import argparse, json, os, secrets, shutil, statistics, subprocess, sys, tempfile, time

def sh(*args, **kw):
    return subprocess.run(list(args), check=True, capture_output=True, text=True, **kw)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pods", type=int, default=30)
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", "..", "bin"))
    ap.add_argument("--reference", default="/usr/lib/cni")
    ap.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.inner:
        return inner(a)
    prefix = "calico-bench-" + secrets.token_hex(3)
    node = prefix + "-node"
    work = tempfile.mkdtemp(prefix=prefix)
    try:
        sh("ip", "netns", "add", node)
        sh("ip", "-n", node, "link", "set", "lo", "up")
        # A default route on the node, as real hosts have (proxy ARP needs it); it leads to a dead-end veth inside the node.
        sh("ip", "-n", node, "link", "add", "gw0", "type", "veth", "peer", "name", "gw1")
        sh("ip", "-n", node, "link", "set", "gw1", "up")
        sh("ip", "-n", node, "addr", "add", "198.19.0.2/24", "dev", "gw0")
        sh("ip", "-n", node, "link", "set", "gw0", "up")
        sh("ip", "-n", node, "route", "add", "default", "via", "198.19.0.1")
        db = os.path.join(work, "calico.db")
        env = dict(os.environ, DATASTORE_TYPE="sqlite", SQLITE_PATH=db)
        pool = "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: bench}\nspec: {cidr: 10.244.0.0/16}\n"
        subprocess.run([os.path.join(a.bin, "calicoctl"), "apply", "-f", "-"], input=pool, text=True, env=env, check=True, capture_output=True)
        node_res = "apiVersion: projectcalico.org/v3\nkind: Node\nmetadata: {name: bench-node}\nspec: {}\n"
        subprocess.run([os.path.join(a.bin, "calicoctl"), "apply", "-f", "-"], input=node_res, text=True, env=env, check=True, capture_output=True)
        out = subprocess.run(["ip", "netns", "exec", node, sys.executable, __file__, "--inner", "--pods", str(a.pods), "--bin", a.bin,
                              "--reference", a.reference], env=dict(env, BENCH_PREFIX=prefix, BENCH_WORK=work), capture_output=True, text=True)
        print(out.stdout, end="")
        if out.returncode != 0:
            print(out.stderr, file=sys.stderr)
            sys.exit(out.returncode)
    finally:
        for name in subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout.split("\n"):
            name = name.split(" ")[0]
            if name.startswith(prefix):
                subprocess.run(["ip", "netns", "del", name])
        shutil.rmtree(work, ignore_errors=True)

def inner(a):
    prefix, work = os.environ["BENCH_PREFIX"], os.environ["BENCH_WORK"]
    db = os.path.join(work, "calico.db")
    ours = {"cniVersion": "1.0.0", "name": "k8s-pod-network", "type": "calico", "datastore_type": "sqlite", "sqlite_path": db,
            "nodename": "bench-node", "mtu": 1450, "ipam": {"type": "calico-ipam"}}
    ref = {"cniVersion": "1.0.0", "name": "bench", "type": "bridge", "bridge": "cni0", "isGateway": True, "ipMasq": False,
           "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.99.0.0/16"}]], "dataDir": os.path.join(work, "host-local")}}
    results = {}
    for label, conf, plugin_dir, plugin in (("reference", ref, a.reference, "bridge"), ("calico", ours, a.bin, "calico")):
        adds, dels = [], []
        pods = [f"{prefix}-{label[0]}{i}" for i in range(a.pods)]
        for p in pods:
            subprocess.run(["ip", "netns", "add", p], check=True)
        for phase, times in (("ADD", adds), ("DEL", dels)):
            for i, p in enumerate(pods):
                env = dict(os.environ, CNI_COMMAND=phase, CNI_CONTAINERID=f"bench{label}{i:04d}", CNI_NETNS=f"/var/run/netns/{p}",
                           CNI_IFNAME="eth0", CNI_PATH=plugin_dir, CNI_ARGS=f"IgnoreUnknown=1;K8S_POD_NAMESPACE=bench;K8S_POD_NAME=pod{i}")
                start = time.perf_counter_ns()
                r = subprocess.run([os.path.join(plugin_dir, plugin)], input=json.dumps(conf), env=env, capture_output=True, text=True)
                times.append((time.perf_counter_ns() - start) / 1e6)
                if r.returncode != 0:
                    print(json.dumps({"error": f"{label} {phase} failed", "stdout": r.stdout, "stderr": r.stderr}))
                    sys.exit(1)
        for p in pods:
            subprocess.run(["ip", "netns", "del", p])
        results[label] = {"add_median_ms": round(statistics.median(adds), 2), "add_p90_ms": round(sorted(adds)[int(len(adds) * 0.9) - 1], 2),
                          "del_median_ms": round(statistics.median(dels), 2), "del_p90_ms": round(sorted(dels)[int(len(dels) * 0.9) - 1], 2)}
    results["pods"] = a.pods
    results["add_ratio"] = round(results["calico"]["add_median_ms"] / results["reference"]["add_median_ms"], 2)
    results["del_ratio"] = round(results["calico"]["del_median_ms"] / results["reference"]["del_median_ms"], 2)
    print(json.dumps(results, indent=2))

if __name__ == "__main__":
    main()
