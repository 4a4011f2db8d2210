using Calico.Netlink;

namespace Calico.Nftables;

/// <summary>
/// Opens the nftables driver for one network namespace. The namespace is always named by the caller: a table is
/// opened on a handle (<see cref="Open"/>) or on a client that was itself opened on one (<see cref="Create"/>).
/// </summary>
public sealed class NftablesTableFactory(INftClientFactory? clients = null)
{
    private readonly INftClientFactory _clients = clients ?? new LibNftablesClientFactory();

    /// <summary>A table whose client runs inside <paramref name="ns"/>; disposing the table disposes the client.</summary>
    public ITable Open(NetworkNamespace ns, NftablesTableOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ns);
        return new NftablesTable(_clients.Open(ns), ownsClient: true, options ?? new NftablesTableOptions());
    }

    /// <summary>A table over an existing client (not disposed with the table), e.g. an in-memory fake.</summary>
    public ITable Create(INftClient client, NftablesTableOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new NftablesTable(client, ownsClient: false, options ?? new NftablesTableOptions());
    }
}
