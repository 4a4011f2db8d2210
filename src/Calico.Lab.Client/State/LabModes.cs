namespace Calico.Lab.State;

/// <summary>The lab's networking modes (calico-lab up --mode).</summary>
public static class LabModes
{
    /// <summary>VXLAN overlay: the default pool has vxlanMode Always, pods' MTU is the underlay's minus 50.</summary>
    public const string Vxlan = "vxlan";

    /// <summary>BGP: the default pool has vxlanMode Never; BIRD on every node exchanges the blocks' routes over a full mesh.</summary>
    public const string Bgp = "bgp";

    public static IReadOnlyList<string> All { get; } = [Vxlan, Bgp];
}
