using Calico.Client.Configuration;
using Calico.Datastore;
using Calico.Lab.State;

namespace Calico.Lab.ControlPlane;

/// <summary>
/// How a process reaches a lab's datastore. From the machine (calico-lab itself, calicoctl after calico-lab env, tests):
/// the SQLite file, or the etcd members' unix sockets, since the machine's own namespace has no link into the lab.
/// From inside a node's namespace (calico-node, the CNI plugin): the SQLite file, or the members' client URLs on the underlay.
/// </summary>
public static class LabDatastoreAccess
{
    /// <summary>The variables that point calicoctl (or any Calico client on the machine) at the lab's datastore.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ClientVariables(LabState state) => IsEtcd(state)
        ? [new("DATASTORE_TYPE", "etcdv3"), new("ETCD_ENDPOINTS", string.Join(",", Members(state).Select(m => $"unix://{m.SocketPath}")))]
        : [new("DATASTORE_TYPE", "sqlite"), new("SQLITE_PATH", state.DatastorePath)];

    /// <summary>
    /// The variables that point a Calico process inside the lab (calico-node in a node, calico-typha in the control
    /// plane) at its datastore: the SQLite file, or the members' client URLs on the underlay.
    /// </summary>
    public static IReadOnlyList<string> UnderlayVariables(LabState state) => IsEtcd(state)
        ? ["DATASTORE_TYPE=etcdv3", $"ETCD_ENDPOINTS={UnderlayEndpoints(state)}"]
        : ["DATASTORE_TYPE=sqlite", $"SQLITE_PATH={state.DatastorePath}"];

    /// <summary>The members' client URLs on the underlay (etcd labs): what calico-node and the CNI plugin in a node use.</summary>
    public static string UnderlayEndpoints(LabState state) => string.Join(",", Members(state).Select(m => m.ClientUrl));

    /// <summary>Opens the lab's datastore from the machine (see <see cref="ClientVariables"/>).</summary>
    public static ValueTask<IDatastore> OpenAsync(LabState state, CancellationToken ct = default) => IsEtcd(state)
        ? DatastoreConnector.OpenAsync(new DatastoreConfig
        {
            Type = DatastoreType.EtcdV3,
            EtcdEndpoints = [.. Members(state).Select(m => $"unix://{m.SocketPath}")],
            Origin = $"lab {state.Name}",
        }, ct)
        : DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = state.DatastorePath }, ct);

    /// <summary>One line for status: the SQLite file, or the etcd cluster's client URLs.</summary>
    public static string Describe(LabState state) => IsEtcd(state)
        ? $"etcd, {Members(state).Count} members in netns {state.ControlPlane!.Namespace} ({UnderlayEndpoints(state)})"
        : $"sqlite {state.DatastorePath}";

    public static bool IsEtcd(LabState state) => string.Equals(state.Datastore, LabDatastores.Etcd, StringComparison.Ordinal);

    private static List<LabEtcdMember> Members(LabState state) =>
        state.ControlPlane?.EtcdMembers ?? throw new LabException($"lab {state.Name} says datastore etcd but records no control plane (lab.json)");
}
