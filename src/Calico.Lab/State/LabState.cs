namespace Calico.Lab.State;

/// <summary>What a lab is made of, kept in &lt;state dir&gt;/&lt;lab&gt;/lab.json so every later command can find it.</summary>
public sealed class LabState
{
    public string Name { get; set; } = string.Empty;

    public string UnderlayNamespace { get; set; } = string.Empty;

    public string DatastorePath { get; set; } = string.Empty;

    public List<LabNode> Nodes { get; set; } = [];

    public string CreatedAt { get; set; } = string.Empty;
}

public sealed class LabNode
{
    public string Name { get; set; } = string.Empty;

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
