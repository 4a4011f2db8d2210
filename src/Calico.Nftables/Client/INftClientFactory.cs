using Calico.Netlink;

namespace Calico.Nftables;

/// <summary>Opens <see cref="INftClient"/>s bound to a network namespace; the seam callers inject.</summary>
public interface INftClientFactory
{
    /// <summary>The backend the clients use (<see cref="NftBackends"/>).</summary>
    public string Name { get; }

    /// <summary>A client whose every command runs inside <paramref name="ns"/>. The handle must outlive the client.</summary>
    public INftClient Open(NetworkNamespace ns);
}
