namespace Calico.Nftables;

/// <summary>Names of the <see cref="INftClientFactory"/> implementations.</summary>
public static class NftBackends
{
    /// <summary>libnftables.so.1 by P/Invoke, on a thread inside the namespace: the design.</summary>
    public const string LibNftables = "libnftables";

    /// <summary><c>ip netns exec NS nft -f -</c> per call: the measured fallback.</summary>
    public const string NftCli = "nft-cli";
}
