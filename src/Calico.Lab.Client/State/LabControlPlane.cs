namespace Calico.Lab.State;

/// <summary>
/// The lab's control-plane namespace (&lt;lab&gt;-cp, joined to the underlay bridge like a node, at an address no node
/// gets) and what runs in it: the etcd members. Later control-plane services (Typha) add their records here.
/// </summary>
public sealed class LabControlPlane
{
    public string Namespace { get; set; } = string.Empty;

    /// <summary>The namespace's underlay address with prefix, e.g. 198.18.0.2/24.</summary>
    public string Address { get; set; } = string.Empty;

    public List<LabEtcdMember> EtcdMembers { get; set; } = [];
}
