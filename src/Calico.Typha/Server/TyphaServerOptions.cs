using System.IO.Compression;
using System.Net;
using Calico.Typha.Protocol;
using Calico.Typha.Tls;

namespace Calico.Typha.Server;

/// <summary>A Typha server's settings (the daemon reads them from TYPHA_* variables; docs/typha.md).</summary>
public sealed record TyphaServerOptions
{
    public IPAddress ListenAddress { get; init; } = IPAddress.Any;

    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; init; } = TyphaProtocol.DefaultPort;

    /// <summary>Null serves plain TCP.</summary>
    public TyphaServerTls? Tls { get; init; }

    /// <summary>How often the server pings each client (Calico: 10 s).</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A client that has not answered a ping for this long is dropped.</summary>
    public TimeSpan PongTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time for the TLS handshake and the client's hello.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A client whose oldest unsent change is older than this is dropped (it reconnects and resyncs).</summary>
    public TimeSpan MaxFallBehind { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>A client this many updates behind the newest crumb is dropped; 0 for no count limit.</summary>
    public long MaxFallBehindUpdates { get; init; }

    /// <summary>Time a new client has to take the whole snapshot before it counts as behind.</summary>
    public TimeSpan NewClientGracePeriod { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Connections beyond this are refused at once.</summary>
    public int MaxConnectionsUpperLimit { get; init; } = 10000;

    /// <summary>With <see cref="ConnectionRebalancingMode.Static"/>, the number of connections kept; excess ones are shed.</summary>
    public int MaxConnectionsLowerLimit { get; init; } = 400;

    public ConnectionRebalancingMode RebalancingMode { get; init; } = ConnectionRebalancingMode.None;

    /// <summary>At most one connection is shed per interval, so clients move gradually.</summary>
    public TimeSpan ConnectionDropInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often pings, pong timeouts, fall-behind and rebalancing are checked (one timer for all connections).</summary>
    public TimeSpan HousekeepingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>KVs per batch frame at most; a batch is also cut once it reaches <see cref="BatchBytes"/>.</summary>
    public int MaxKvsPerBatch { get; init; } = 256;

    public int BatchBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// Send the snapshot compressed to clients that accept it (<see cref="SnapshotCompression.Deflate"/>). It is
    /// compressed once and shared; see <see cref="SnapshotReuse"/>.
    /// </summary>
    public bool CompressSnapshots { get; init; } = true;

    /// <summary>
    /// A compressed snapshot is reused for new clients while the oldest change after it is at most this old (they
    /// catch up from it); after that the next client that joins has the current snapshot compressed.
    /// </summary>
    public TimeSpan SnapshotReuse { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>KvBatch frames are compressed in chunks of about this many bytes (one CompressedFrames frame each).</summary>
    public int CompressedChunkBytes { get; init; } = 1024 * 1024;

    public CompressionLevel CompressionLevel { get; init; } = CompressionLevel.Optimal;

    public string ServerVersion { get; init; } = typeof(TyphaServerOptions).Assembly.GetName().Version?.ToString() ?? "0";
}
