namespace Calico.Lab.State;

/// <summary>The lab's datastores (calico-lab up --datastore).</summary>
public static class LabDatastores
{
    /// <summary>One SQLite file (calico.db in the lab's directory) that every process opens: namespaces share the filesystem.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>A 3-member etcd cluster in the control-plane namespace, reached over the underlay (and over unix sockets from the machine).</summary>
    public const string Etcd = "etcd";

    public static IReadOnlyList<string> All { get; } = [Sqlite, Etcd];
}
