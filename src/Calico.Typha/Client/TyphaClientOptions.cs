using System.Net.Sockets;
using Calico.Typha.Tls;

namespace Calico.Typha.Client;

/// <summary>How a client reaches Typha (calico-node reads these from FELIX_TYPHA* variables; docs/typha.md).</summary>
public sealed record TyphaClientOptions
{
    /// <summary>host:port entries, tried in turn (starting at a random one); a dropped client moves to the next.</summary>
    public required IReadOnlyList<TyphaAddress> Addresses { get; init; }

    /// <summary>Sent in the hello (the node name), for Typha's logs.</summary>
    public string Hostname { get; init; } = Environment.MachineName;

    public string ClientVersion { get; init; } = typeof(TyphaClientOptions).Assembly.GetName().Version?.ToString() ?? "0";

    /// <summary>Null connects over plain TCP.</summary>
    public TyphaClientTls? Tls { get; init; }

    /// <summary>Time to connect, finish TLS and get the server's hello.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A server silent for this long (it pings every 10 s) is given up on (Calico's TyphaReadTimeout: 30 s).</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Pause after a failed connection, doubling per failure up to <see cref="MaxBackoff"/>; reset once in sync.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Offer <see cref="Protocol.SnapshotCompression.Deflate"/> in the hello: the snapshot then comes compressed (about 6× smaller).</summary>
    public bool AcceptCompression { get; init; } = true;

    /// <summary>
    /// True: <see cref="TyphaConnection.ReadAsync"/> inflates a compressed snapshot and returns its KvBatches. False: it
    /// returns each <see cref="Protocol.CompressedFrames"/> as it arrives, for the caller to inflate when and where it
    /// likes (a benchmark holding thousands of clients in one process inflates a sample of them).
    /// </summary>
    public bool InflateSnapshot { get; init; } = true;

    /// <summary>
    /// Makes the unconnected TCP socket for each connection; null makes an ordinary one. A socket belongs to the network
    /// namespace it was made in, so a client in another namespace than the server's makes it there (the lab's tests do,
    /// with <c>NetworkNamespace.Run</c>, as <c>NamespaceHttp</c> does for HTTP).
    /// </summary>
    public Func<Socket>? CreateSocket { get; init; }
}
