using Calico.Netlink;
using Calico.Nftables.Interop;

namespace Calico.Nftables;

/// <summary>Clients that call libnftables.so.1 in-process (see <see cref="LibNftablesClient"/>): the design's hot path.</summary>
public sealed class LibNftablesClientFactory : INftClientFactory
{
    public string Name => NftBackends.LibNftables;

    /// <summary>True when libnftables.so.1 can be loaded on this machine.</summary>
    public static bool IsAvailable => System.Runtime.InteropServices.NativeLibrary.TryLoad(LibNftables.Library, out _);

    public INftClient Open(NetworkNamespace ns)
    {
        ArgumentNullException.ThrowIfNull(ns);
        if (!IsAvailable)
        {
            throw new NftablesException($"load {LibNftables.Library}", "the library is not installed (Debian: apt-get install libnftables1)");
        }

        return new LibNftablesClient(ns);
    }
}
