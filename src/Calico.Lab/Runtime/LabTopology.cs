using System.Globalization;
using Calico.Api;
using Calico.Api.Serialization;
using Calico.Client.Store;
using Calico.Datastore;
using Calico.Ipam;
using Calico.Lab.ControlPlane;
using Calico.Lab.Seed;
using Calico.Lab.State;

namespace Calico.Lab.Runtime;

/// <summary>
/// Builds and removes a lab: an underlay namespace with a bridge, an external host behind it, one namespace per node
/// joined to it by a veth (eth0, 198.18.0.1x/24), the Node resources, the default IP pool (encapsulation per mode) and
/// each node's CNI configuration; with --datastore etcd, first a control-plane namespace on the underlay with a
/// 3-member etcd cluster; adds and deletes nodes. Nothing touches the root namespace, and the lab has no link to it.
/// </summary>
internal sealed class LabTopology(LabDirectory directory, TextWriter progress, string binaryDirectory, IReadOnlyDictionary<string, string?>? variables = null)
{
    public const string UnderlayPrefix = "198.18.0";

    /// <summary>The external host's address (TEST-NET-3): natOutgoing's destination, reached through the underlay.</summary>
    public const string ExternalAddress = "203.0.113.10";

    private const string ExternalGateway = "203.0.113.1";

    /// <summary>
    /// The seed's pool (ippool.yaml, verbatim) in vxlan mode, so the demo's applying it changes nothing; in bgp mode the
    /// same pool with vxlanMode Never (BIRD carries the routes, no overlay).
    /// </summary>
    public static string DefaultPoolYaml(string mode) => mode == LabModes.Vxlan
        ? SeedResources.IpPoolYaml
        : SeedResources.IpPoolYaml.Replace("vxlanMode: Always", "vxlanMode: Never", StringComparison.Ordinal);

    public async Task<LabState> UpAsync(int nodes, string mode, string datastore, bool typha, CancellationToken ct)
    {
        if (nodes is < 1 or > 50)
        {
            throw new LabException($"--nodes {nodes}: a lab has 1 to 50 nodes");
        }

        if (!LabModes.All.Contains(mode))
        {
            throw new LabException($"--mode {mode}: the mode is one of {string.Join(", ", LabModes.All)}");
        }

        if (!LabDatastores.All.Contains(datastore))
        {
            throw new LabException($"--datastore {datastore}: the datastore is one of {string.Join(", ", LabDatastores.All)}");
        }

        if (datastore == LabDatastores.Etcd)
        {
            EtcdMembers.FindBinary();
        }

        if (typha && !File.Exists(TyphaProcess.Binary(binaryDirectory)))
        {
            throw new LabException($"--typha: {TyphaProcess.Binary(binaryDirectory)} is missing (run ./build.sh)");
        }

        if (directory.Exists)
        {
            throw new LabException($"lab \"{directory.Name}\" is already up (calico-lab down --name {directory.Name} removes it)");
        }

        var state = new LabState
        {
            Name = directory.Name,
            Mode = mode,
            UnderlayNamespace = LabNamespaceNames.Underlay(directory.Name),
            ExternalNamespace = LabNamespaceNames.External(directory.Name),
            Datastore = datastore,
            DatastorePath = datastore == LabDatastores.Sqlite ? directory.DatastorePath : string.Empty,
            CreatedAt = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
        if (datastore == LabDatastores.Etcd || typha)
        {
            var controlPlane = ControlPlaneNetwork.Plan(state);
            state.ControlPlane = controlPlane;
            if (datastore == LabDatastores.Etcd)
            {
                controlPlane.EtcdMembers = EtcdMembers.Plan(directory, ControlPlaneNetwork.Address);
            }

            if (typha)
            {
                controlPlane.Typha = TyphaProcess.Plan(directory, state, variables);
            }
        }

        Directory.CreateDirectory(directory.Path);
        directory.Save(state);
        try
        {
            await progress.WriteLineAsync($"creating underlay {state.UnderlayNamespace} and external host {state.ExternalNamespace} ({ExternalAddress})").ConfigureAwait(false);
            await CreateUnderlayAsync(state).ConfigureAwait(false);
            if (state.ControlPlane is { } cp)
            {
                await progress.WriteLineAsync($"creating control plane {cp.Namespace} ({cp.Address})").ConfigureAwait(false);
                await ControlPlaneNetwork.CreateAsync(state, cp).ConfigureAwait(false);
                if (cp.EtcdMembers.Count > 0)
                {
                    await new EtcdMembers(directory, state, progress).StartAllAsync(ct).ConfigureAwait(false);
                }
            }

            for (var i = 1; i <= nodes; i++)
            {
                await CreateNodeAsync(state, i).ConfigureAwait(false);
            }

            await RegisterAsync(state, state.Nodes, ct).ConfigureAwait(false);

            // Typha before any calico-node, and ready (its caches in sync with the datastore), so each calico-node's first
            // connection gets the whole snapshot. It starts after the datastore holds the lab's pool and Nodes: a SQLite
            // file is created by the first writer.
            if (state.ControlPlane?.Typha is { } typhaRecord)
            {
                await progress.WriteLineAsync($"starting calico-typha in {state.ControlPlane.Namespace} ({typhaRecord.Endpoint}; log: {typhaRecord.LogFile})").ConfigureAwait(false);
                var pid = await new TyphaProcess(directory, state).StartAsync(binaryDirectory, ct).ConfigureAwait(false);
                await progress.WriteLineAsync($"typha: ready (PID {pid}); every calico-node gets FELIX_TYPHAADDR={typhaRecord.Endpoint}").ConfigureAwait(false);
            }

            var daemons = new NodeDaemons(directory, state, binaryDirectory, variables);
            foreach (var node in state.Nodes)
            {
                await progress.WriteLineAsync($"starting calico-node on {node.Name} (log: {daemons.LogFile(node.Name)})").ConfigureAwait(false);
                await daemons.StartAsync(node).ConfigureAwait(false);
            }

            // "up" hands over a cluster whose nodes enforce policy: a pod added before its node's first sync is
            // programmed would otherwise meet no rules at all on a fresh node.
            await Task.WhenAll(state.Nodes.Select(n => daemons.WaitUntilReadyAsync(n, ct))).ConfigureAwait(false);
            await progress.WriteLineAsync($"calico-node ready on {string.Join(", ", state.Nodes.Select(n => n.Name))}").ConfigureAwait(false);
            return state;
        }
        catch
        {
            await DownAsync(state).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Adds one node to a running lab (the next free index) and starts its calico-node.</summary>
    public async Task<LabNode> AddNodeAsync(LabState state, CancellationToken ct)
    {
        var index = state.Nodes.Count == 0 ? 1 : state.Nodes.Max(IndexOf) + 1;
        if (index > 50)
        {
            throw new LabException("a lab has at most 50 nodes");
        }

        var node = await CreateNodeAsync(state, index).ConfigureAwait(false);
        try
        {
            await RegisterAsync(state, [node], ct).ConfigureAwait(false);
            var daemons = new NodeDaemons(directory, state, binaryDirectory, variables);
            await progress.WriteLineAsync($"starting calico-node on {node.Name} (log: {daemons.LogFile(node.Name)})").ConfigureAwait(false);
            await daemons.StartAsync(node).ConfigureAwait(false);
            await daemons.WaitUntilReadyAsync(node, ct).ConfigureAwait(false);
            return node;
        }
        catch
        {
            await DeleteNodeAsync(state, node.Name, ct).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Removes a node as a cluster does when a machine is deleted: stops its calico-node, deletes its pods (CNI DEL
    /// releases their addresses), releases its tunnel address and block affinities, deletes its Node resource and
    /// namespace. The other nodes' calico-node then remove their routes, ARP and FDB entries for it.
    /// </summary>
    public async Task DeleteNodeAsync(LabState state, string nodeName, CancellationToken ct)
    {
        var node = state.Nodes.FirstOrDefault(n => string.Equals(n.Name, nodeName, StringComparison.Ordinal))
            ?? throw new LabException($"no node {nodeName} (the lab has {string.Join(", ", state.Nodes.Select(n => n.Name))})");
        await new NodeDaemons(directory, state, binaryDirectory).StopAsync(node.Name).ConfigureAwait(false);
        var pods = new PodRuntime(directory, state, binaryDirectory);
        foreach (var pod in directory.LoadPods().Where(p => string.Equals(p.Node, node.Name, StringComparison.Ordinal)).ToList())
        {
            await progress.WriteLineAsync($"deleting pod {pod.Namespace}/{pod.Name}").ConfigureAwait(false);
            await pods.DeleteAsync(pod.Namespace, pod.Name, ct).ConfigureAwait(false);
        }

        await using (var datastore = await LabDatastoreAccess.OpenAsync(state, ct).ConfigureAwait(false))
        {
            var ipam = IpamClientFactory.Create(datastore);
            await ipam.ReleaseByHandleAsync($"vxlan-tunnel-addr-{node.Name}", ct).ConfigureAwait(false);
            await ipam.ReleaseAffinitiesAsync(node.Name, requireEmpty: false, ct).ConfigureAwait(false);
            await new ResourceStore(datastore, TimeProvider.System).DeleteAsync([new DeleteRequest(ResourceKinds.Node, null, node.Name)], skipNotExisting: true, ct).ConfigureAwait(false);
        }

        await NetworkNamespaces.DeleteAsync(node.Namespace).ConfigureAwait(false);
        if (File.Exists(node.CniConfigPath))
        {
            File.Delete(node.CniConfigPath);
        }

        state.Nodes.Remove(node);
        directory.Save(state);
    }

    private static int IndexOf(LabNode node) =>
        node.Index > 0 ? node.Index : int.Parse(node.Name.AsSpan("node".Length), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>
    /// The underlay: bridge br0 with the nodes' gateway 198.18.0.1, routing to the external host (203.0.113.10 on its own
    /// link). Nothing leads out of the lab: the external host is a namespace too.
    /// </summary>
    private async Task CreateUnderlayAsync(LabState state)
    {
        var underlay = state.UnderlayNamespace;
        await NetworkNamespaces.CreateAsync(underlay).ConfigureAwait(false);
        await NetworkNamespaces.IpAsync(underlay, "link", "add", "br0", "type", "bridge").ConfigureAwait(false);
        await NetworkNamespaces.IpAsync(underlay, "link", "set", "br0", "up").ConfigureAwait(false);

        // The nodes' default gateway, as real hosts have one. It lets proxy ARP answer for 169.254.1.1, and it routes to
        // the external host and nowhere else.
        await NetworkNamespaces.IpAsync(underlay, "addr", "add", $"{UnderlayPrefix}.1/24", "dev", "br0").ConfigureAwait(false);
        await NetworkNamespaces.SysctlAsync(underlay, "net.ipv4.ip_forward", "1").ConfigureAwait(false);
        await NetworkNamespaces.CreateAsync(state.ExternalNamespace).ConfigureAwait(false);
        await NetworkNamespaces.IpAsync(underlay, "link", "add", "ext", "type", "veth", "peer", "name", "eth0", "netns", state.ExternalNamespace).ConfigureAwait(false);
        await NetworkNamespaces.IpAsync(underlay, "addr", "add", $"{ExternalGateway}/24", "dev", "ext").ConfigureAwait(false);
        await NetworkNamespaces.IpAsync(underlay, "link", "set", "ext", "up").ConfigureAwait(false);
        await NetworkNamespaces.IpAsync(state.ExternalNamespace, "addr", "add", $"{ExternalAddress}/24", "dev", "eth0").ConfigureAwait(false);
        await NetworkNamespaces.IpAsync(state.ExternalNamespace, "link", "set", "eth0", "up").ConfigureAwait(false);
        await NetworkNamespaces.IpAsync(state.ExternalNamespace, "link", "set", "lo", "up").ConfigureAwait(false);
        await NetworkNamespaces.IpAsync(state.ExternalNamespace, "route", "add", "default", "via", ExternalGateway).ConfigureAwait(false);
    }

    private async Task<LabNode> CreateNodeAsync(LabState state, int index)
    {
        var node = new LabNode
        {
            Name = $"node{index}",
            Index = index,
            Namespace = LabNamespaceNames.Node(directory.Name, index),
            Address = $"{UnderlayPrefix}.{10 + index}/24",
            CniConfigPath = Path.Combine(directory.CniDirectory, $"node{index}.conflist"),
        };
        await progress.WriteLineAsync($"creating {node.Name} ({node.Namespace}, {node.Address})").ConfigureAwait(false);
        state.Nodes.Add(node);
        directory.Save(state);
        await NetworkNamespaces.CreateAsync(node.Namespace).ConfigureAwait(false);
        var underlayEnd = $"n{index}";
        await NetworkNamespaces.IpAsync(state.UnderlayNamespace, "link", "add", underlayEnd, "type", "veth", "peer", "name", "eth0", "netns", node.Namespace).ConfigureAwait(false);
        await NetworkNamespaces.IpAsync(state.UnderlayNamespace, "link", "set", underlayEnd, "master", "br0", "up").ConfigureAwait(false);
        await NetworkNamespaces.IpAsync(node.Namespace, "addr", "add", node.Address, "dev", "eth0").ConfigureAwait(false);
        await NetworkNamespaces.IpAsync(node.Namespace, "link", "set", "eth0", "up").ConfigureAwait(false);
        await NetworkNamespaces.IpAsync(node.Namespace, "link", "set", "lo", "up").ConfigureAwait(false);
        await NetworkNamespaces.IpAsync(node.Namespace, "route", "add", "default", "via", $"{UnderlayPrefix}.1").ConfigureAwait(false);
        await NetworkNamespaces.SysctlAsync(node.Namespace, "net.ipv4.ip_forward", "1").ConfigureAwait(false);
        await NetworkNamespaces.SysctlAsync(node.Namespace, "net.ipv6.conf.all.forwarding", "1").ConfigureAwait(false);
        Directory.CreateDirectory(directory.CniDirectory);
        await File.WriteAllTextAsync(node.CniConfigPath, CniConfigFor(state, node)).ConfigureAwait(false);
        return node;
    }

    /// <summary>
    /// The node's conflist: Calico's default network name and plugin chain, pointed at the lab's datastore (the SQLite
    /// file, or the etcd members' underlay URLs: the plugin runs in the node's namespace).
    /// </summary>
    public static string CniConfigFor(LabState state, LabNode node) => $$"""
        {
          "cniVersion": "1.0.0",
          "name": "k8s-pod-network",
          "plugins": [
            {
              "type": "calico",
              "log_level": "info",
              {{DatastoreNetConf(state)}},
              "nodename": "{{node.Name}}",
              "mtu": {{PodMtu(state)}},
              "ipam": { "type": "calico-ipam" }
            }
          ]
        }
        """;

    private static string DatastoreNetConf(LabState state) => LabDatastoreAccess.IsEtcd(state)
        ? $"\"datastore_type\": \"etcdv3\",\n      \"etcd_endpoints\": \"{LabDatastoreAccess.UnderlayEndpoints(state)}\""
        : $"\"datastore_type\": \"sqlite\",\n      \"sqlite_path\": \"{state.DatastorePath}\"";

    /// <summary>The underlay's 1500 less VXLAN's 50 bytes in VXLAN mode (the pods' MTU must match the overlay's).</summary>
    public static int PodMtu(LabState state) => state.Mode == LabModes.Bgp ? 1500 : 1450;

    private async Task RegisterAsync(LabState state, IReadOnlyList<LabNode> nodes, CancellationToken ct)
    {
        await using var datastore = await LabDatastoreAccess.OpenAsync(state, ct).ConfigureAwait(false);
        var store = new ResourceStore(datastore, TimeProvider.System);
        var documents = new List<string>();
        if ((await store.ListAsync(ResourceKinds.IPPool, null, ct).ConfigureAwait(false)).Items.Count == 0)
        {
            documents.Add(DefaultPoolYaml(state.Mode));
        }

        foreach (var node in nodes)
        {
            documents.Add($"apiVersion: projectcalico.org/v3\nkind: Node\nmetadata:\n  name: {node.Name}\n  labels:\n    kubernetes.io/hostname: {node.Name}\nspec:\n  bgp:\n    ipv4Address: {node.Address}\n");
        }

        documents.Add("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: default\n");
        var inputs = ResourceCodec.Decode(string.Join("\n---\n", documents), "calico-lab up");
        await store.WriteAsync(inputs, WriteMode.Apply, new WriteOptions(), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes every namespace, process and file of the lab; keeps going past errors so nothing is left behind. The
    /// processes it recorded are stopped by their PIDs; then whatever still runs in the control-plane and node
    /// namespaces (started by a run that crashed before recording it) is killed by PID before the namespace goes.
    /// </summary>
    public async Task DownAsync(LabState state)
    {
        var daemons = new NodeDaemons(directory, state, binaryDirectory);
        foreach (var node in state.Nodes)
        {
            await daemons.StopAsync(node.Name).ConfigureAwait(false);
        }

        await new TyphaProcess(directory, state).StopAsync().ConfigureAwait(false);
        await new EtcdMembers(directory, state, progress).StopAllAsync().ConfigureAwait(false);
        var controlPlane = state.ControlPlane?.Namespace ?? LabNamespaceNames.ControlPlane(state.Name);
        foreach (var name in state.Nodes.Select(n => n.Namespace).Append(controlPlane))
        {
            await NamespaceProcesses.KillAllAsync(name).ConfigureAwait(false);
        }

        foreach (var pod in directory.LoadPods())
        {
            await NetworkNamespaces.DeleteAsync(pod.NetworkNamespace).ConfigureAwait(false);
        }

        foreach (var node in state.Nodes)
        {
            await NetworkNamespaces.DeleteAsync(node.Namespace).ConfigureAwait(false);
        }

        await NetworkNamespaces.DeleteAsync(controlPlane).ConfigureAwait(false);
        await NetworkNamespaces.DeleteAsync(state.UnderlayNamespace).ConfigureAwait(false);
        if (state.ExternalNamespace.Length > 0)
        {
            await NetworkNamespaces.DeleteAsync(state.ExternalNamespace).ConfigureAwait(false);
        }
        foreach (var leftover in NetworkNamespaces.List().Where(n => LabNamespaceNames.BelongsTo(state.Name, n)).ToList())
        {
            await NamespaceProcesses.KillAllAsync(leftover).ConfigureAwait(false);
            await NetworkNamespaces.DeleteAsync(leftover).ConfigureAwait(false);
        }

        if (Directory.Exists(directory.Path))
        {
            Directory.Delete(directory.Path, recursive: true);
        }
    }
}
