namespace Calico.Lab.State;

/// <summary>
/// The lab's control-plane namespace (&lt;lab&gt;-cp, joined to the underlay bridge like a node, at an address no node
/// gets) and what runs in it: the etcd members (etcd labs) and calico-typha (labs made with --typha).
/// </summary>
public sealed class LabControlPlane
{
    public string Namespace { get; set; } = string.Empty;

    /// <summary>The namespace's underlay address with prefix, e.g. 198.18.0.2/24.</summary>
    public string Address { get; set; } = string.Empty;

    /// <summary>Empty in a sqlite lab with Typha (the control plane then holds only Typha).</summary>
    public List<LabEtcdMember> EtcdMembers { get; set; } = [];

    /// <summary>calico-typha (up --typha); null when calico-node reads the datastore directly.</summary>
    public LabTypha? Typha { get; set; }
}
