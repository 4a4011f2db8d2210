namespace Calico.Lab.State;

/// <summary>One etcd member of a lab: where it listens, where its files are, the PID it was started with.</summary>
public sealed class LabEtcdMember
{
    /// <summary>etcd1, etcd2, etcd3: the member's --name, and its log's name (calico-lab logs etcd1).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The client URL on the underlay, e.g. http://198.18.0.2:2379: what calico-node and the CNI plugin use.</summary>
    public string ClientUrl { get; set; } = string.Empty;

    /// <summary>The peer URL on the underlay, e.g. http://198.18.0.2:2380.</summary>
    public string PeerUrl { get; set; } = string.Empty;

    /// <summary>The member's working directory: data/ and the unix socket etcd.sock:0 are in it.</summary>
    public string Directory { get; set; } = string.Empty;

    /// <summary>The member's unix socket (&lt;Directory&gt;/etcd.sock:0): how processes outside the lab's namespaces reach it.</summary>
    public string SocketPath { get; set; } = string.Empty;

    public string LogFile { get; set; } = string.Empty;

    /// <summary>The PID it was started with; null before it was started (or after it was stopped).</summary>
    public int? Pid { get; set; }
}
