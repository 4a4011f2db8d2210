namespace Calico.Lab.State;

/// <summary>What a lab is made of, kept in &lt;state dir&gt;/&lt;lab&gt;/lab.json so every later command can find it.</summary>
public sealed class LabState
{
    public string Name { get; set; } = string.Empty;

    public string UnderlayNamespace { get; set; } = string.Empty;

    /// <summary>The SQLite file (sqlite labs); empty for an etcd lab.</summary>
    public string DatastorePath { get; set; } = string.Empty;

    /// <summary>"sqlite" (the default, and labs made before there was a choice) or "etcd" (see <see cref="ControlPlane"/>).</summary>
    public string Datastore { get; set; } = LabDatastores.Sqlite;

    /// <summary>The control-plane namespace and its etcd members (etcd labs); null for a sqlite lab.</summary>
    public LabControlPlane? ControlPlane { get; set; }

    /// <summary>How pods on different nodes reach each other: "vxlan" (the default pool has vxlanMode Always) or "bgp" (vxlanMode Never; BIRD on every node).</summary>
    public string Mode { get; set; } = LabModes.Vxlan;

    /// <summary>The external host's namespace (&lt;lab&gt;-x, 203.0.113.10, behind the underlay), for natOutgoing; empty in labs made before it existed.</summary>
    public string ExternalNamespace { get; set; } = string.Empty;

    public List<LabNode> Nodes { get; set; } = [];

    public string CreatedAt { get; set; } = string.Empty;
}

public sealed class LabNode
{
    public string Name { get; set; } = string.Empty;

    /// <summary>i in node&lt;i&gt;, &lt;lab&gt;-n&lt;i&gt; and 198.18.0.(10+i).</summary>
    public int Index { get; set; }

    public string Namespace { get; set; } = string.Empty;

    /// <summary>The node's underlay address with prefix, e.g. 198.18.0.11/24.</summary>
    public string Address { get; set; } = string.Empty;

    public string CniConfigPath { get; set; } = string.Empty;
}

/// <summary>One pod the lab started: its namespace, node and the container ID its CNI calls use.</summary>
public sealed class LabPod
{
    public string Namespace { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string Node { get; set; } = string.Empty;

    public string NetworkNamespace { get; set; } = string.Empty;

    public string ContainerId { get; set; } = string.Empty;

    public List<string> Addresses { get; set; } = [];
}
