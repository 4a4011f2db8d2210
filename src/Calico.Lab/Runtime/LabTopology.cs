using System.Globalization;
using Calico.Api;
using Calico.Api.Serialization;
using Calico.Client.Store;
using Calico.Datastore;
using Calico.Lab.State;

namespace Calico.Lab.Runtime;

/// <summary>
/// Builds and removes a lab: an underlay namespace with a bridge, one namespace per node joined to it by a veth (eth0,
/// 198.18.0.1x/24), the Node resources, the default IP pool and each node's CNI configuration. Nothing touches the root
/// namespace, and the lab has no link to it.
/// </summary>
internal sealed class LabTopology(LabDirectory directory, TextWriter progress, string binaryDirectory, IReadOnlyDictionary<string, string?>? variables = null)
{
    public const string UnderlayPrefix = "198.18.0";
    public const string DefaultPoolYaml = """
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata:
          name: default-ipv4-ippool
        spec:
          cidr: 192.168.0.0/16
          vxlanMode: Always
          ipipMode: Never
          natOutgoing: true
        """;

    public async Task<LabState> UpAsync(int nodes, CancellationToken ct)
    {
        if (nodes is < 1 or > 50)
        {
            throw new LabException($"--nodes {nodes}: a lab has 1 to 50 nodes");
        }

        if (directory.Exists)
        {
            throw new LabException($"lab \"{directory.Name}\" is already up (calico-lab down --name {directory.Name} removes it)");
        }

        Directory.CreateDirectory(directory.Path);
        var state = new LabState
        {
            Name = directory.Name,
            UnderlayNamespace = LabNamespaceNames.Underlay(directory.Name),
            DatastorePath = directory.DatastorePath,
            CreatedAt = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
        directory.Save(state);
        try
        {
            await progress.WriteLineAsync($"creating underlay {state.UnderlayNamespace}").ConfigureAwait(false);
            await NetworkNamespaces.CreateAsync(state.UnderlayNamespace).ConfigureAwait(false);
            await NetworkNamespaces.IpAsync(state.UnderlayNamespace, "link", "add", "br0", "type", "bridge").ConfigureAwait(false);
            await NetworkNamespaces.IpAsync(state.UnderlayNamespace, "link", "set", "br0", "up").ConfigureAwait(false);

            // The underlay's gateway: nodes route "everything else" here, as real hosts have a default route. It leads
            // nowhere (the underlay has no link out of the lab), but it lets proxy ARP answer for 169.254.1.1.
            await NetworkNamespaces.IpAsync(state.UnderlayNamespace, "addr", "add", $"{UnderlayPrefix}.1/24", "dev", "br0").ConfigureAwait(false);
            for (var i = 1; i <= nodes; i++)
            {
                var node = new LabNode
                {
                    Name = $"node{i}",
                    Namespace = LabNamespaceNames.Node(directory.Name, i),
                    Address = $"{UnderlayPrefix}.{10 + i}/24",
                    CniConfigPath = Path.Combine(directory.CniDirectory, $"node{i}.conflist"),
                };
                await progress.WriteLineAsync($"creating {node.Name} ({node.Namespace}, {node.Address})").ConfigureAwait(false);
                await CreateNodeAsync(state, node, i).ConfigureAwait(false);
                state.Nodes.Add(node);
                directory.Save(state);
            }

            await RegisterAsync(state, ct).ConfigureAwait(false);
            var daemons = new NodeDaemons(directory, state, binaryDirectory, variables);
            foreach (var node in state.Nodes)
            {
                await progress.WriteLineAsync($"starting calico-node on {node.Name} (log: {daemons.LogFile(node.Name)})").ConfigureAwait(false);
                await daemons.StartAsync(node).ConfigureAwait(false);
            }

            return state;
        }
        catch
        {
            await DownAsync(state).ConfigureAwait(false);
            throw;
        }
    }

    private async Task CreateNodeAsync(LabState state, LabNode node, int index)
    {
        await NetworkNamespaces.CreateAsync(node.Namespace).ConfigureAwait(false);
        var underlayEnd = $"n{index}";
        await NetworkNamespaces.IpAsync(state.UnderlayNamespace, "link", "add", underlayEnd, "type", "veth", "peer", "name", "eth0", "netns", node.Namespace).ConfigureAwait(false);
        await NetworkNamespaces.IpAsync(state.UnderlayNamespace, "link", "set", underlayEnd, "master", "br0", "up").ConfigureAwait(false);
        await NetworkNamespaces.IpAsync(node.Namespace, "addr", "add", node.Address, "dev", "eth0").ConfigureAwait(false);
        await NetworkNamespaces.IpAsync(node.Namespace, "link", "set", "eth0", "up").ConfigureAwait(false);
        await NetworkNamespaces.IpAsync(node.Namespace, "route", "add", "default", "via", $"{UnderlayPrefix}.1").ConfigureAwait(false);
        await NetworkNamespaces.SysctlAsync(node.Namespace, "net.ipv4.ip_forward", "1").ConfigureAwait(false);
        await NetworkNamespaces.SysctlAsync(node.Namespace, "net.ipv6.conf.all.forwarding", "1").ConfigureAwait(false);
        Directory.CreateDirectory(directory.CniDirectory);
        await File.WriteAllTextAsync(node.CniConfigPath, CniConfigFor(state, node)).ConfigureAwait(false);
    }

    /// <summary>The node's conflist: Calico's default network name and plugin chain, pointed at the lab's datastore.</summary>
    public static string CniConfigFor(LabState state, LabNode node) => $$"""
        {
          "cniVersion": "1.0.0",
          "name": "k8s-pod-network",
          "plugins": [
            {
              "type": "calico",
              "log_level": "info",
              "datastore_type": "sqlite",
              "sqlite_path": "{{state.DatastorePath}}",
              "nodename": "{{node.Name}}",
              "mtu": 1450,
              "ipam": { "type": "calico-ipam" }
            }
          ]
        }
        """;

    private async Task RegisterAsync(LabState state, CancellationToken ct)
    {
        await using var datastore = await DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = state.DatastorePath }, ct).ConfigureAwait(false);
        var store = new ResourceStore(datastore, TimeProvider.System);
        var documents = new List<string>();
        if ((await store.ListAsync(ResourceKinds.IPPool, null, ct).ConfigureAwait(false)).Items.Count == 0)
        {
            documents.Add(DefaultPoolYaml);
        }

        foreach (var node in state.Nodes)
        {
            documents.Add($"apiVersion: projectcalico.org/v3\nkind: Node\nmetadata:\n  name: {node.Name}\n  labels:\n    kubernetes.io/hostname: {node.Name}\nspec:\n  bgp:\n    ipv4Address: {node.Address}\n");
        }

        documents.Add("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: default\n");
        var inputs = ResourceCodec.Decode(string.Join("\n---\n", documents), "calico-lab up");
        await store.WriteAsync(inputs, WriteMode.Apply, new WriteOptions(), ct).ConfigureAwait(false);
    }

    /// <summary>Removes every namespace and file of the lab; keeps going past errors so nothing is left behind.</summary>
    public async Task DownAsync(LabState state)
    {
        var daemons = new NodeDaemons(directory, state, binaryDirectory);
        foreach (var node in state.Nodes)
        {
            await daemons.StopAsync(node.Name).ConfigureAwait(false);
        }

        foreach (var pod in directory.LoadPods())
        {
            await NetworkNamespaces.DeleteAsync(pod.NetworkNamespace).ConfigureAwait(false);
        }

        foreach (var node in state.Nodes)
        {
            await NetworkNamespaces.DeleteAsync(node.Namespace).ConfigureAwait(false);
        }

        await NetworkNamespaces.DeleteAsync(state.UnderlayNamespace).ConfigureAwait(false);
        foreach (var leftover in NetworkNamespaces.List().Where(n => LabNamespaceNames.BelongsTo(state.Name, n)).ToList())
        {
            await NetworkNamespaces.DeleteAsync(leftover).ConfigureAwait(false);
        }

        if (Directory.Exists(directory.Path))
        {
            Directory.Delete(directory.Path, recursive: true);
        }
    }
}
