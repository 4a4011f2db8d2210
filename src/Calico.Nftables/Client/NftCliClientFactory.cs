using Calico.Netlink;

namespace Calico.Nftables;

/// <summary>Clients that start an <c>nft</c> process per script inside the namespace (see <see cref="NftCliClient"/>).</summary>
public sealed class NftCliClientFactory : INftClientFactory
{
    public string Name => NftBackends.NftCli;

    public INftClient Open(NetworkNamespace ns)
    {
        ArgumentNullException.ThrowIfNull(ns);
        return new NftCliClient(ns);
    }
}
