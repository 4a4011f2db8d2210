namespace Calico.Node.Configuration;

/// <summary>CALICO_NETWORKING_BACKEND: how pod traffic crosses nodes. Stored for later use; nothing acts on it yet.</summary>
public enum NetworkingBackend
{
    /// <summary><c>bird</c> (Calico's default): BGP routes.</summary>
    Bird,

    /// <summary><c>vxlan</c>: VXLAN only, no BGP.</summary>
    Vxlan,

    /// <summary><c>none</c>: policy only; another plugin does the networking.</summary>
    None,
}
