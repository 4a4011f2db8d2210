namespace Calico.Typha.Protocol;

/// <summary>
/// The client's first frame: who it is, which syncer's data it wants, and the snapshot compressions it can inflate
/// (comma-separated, <see cref="SnapshotCompression.Deflate"/> or empty).
/// </summary>
public sealed record ClientHello(int ProtocolVersion, string Hostname, string ClientVersion, string SyncerType, string AcceptedCompression) : TyphaMessage;
