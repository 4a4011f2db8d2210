namespace Calico.Node.Configuration;

/// <summary>CALICO_NETWORKING_BACKEND: how pod traffic crosses nodes. With bird, calico-node runs BIRD (when it programs the kernel).</summary>
public enum NetworkingBackend
{
    /// <summary><c>bird</c> (Calico's default): BGP routes.</summary>
    Bird,

    /// <summary><c>vxlan</c>: VXLAN only, no BGP.</summary>
    Vxlan,

    /// <summary><c>none</c>: policy only; another plugin does the networking.</summary>
    None,
}
