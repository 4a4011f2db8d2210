namespace Calico.Typha.Protocol;

/// <summary>The client's first frame: who it is and which syncer's data it wants.</summary>
public sealed record ClientHello(int ProtocolVersion, string Hostname, string ClientVersion, string SyncerType) : TyphaMessage;
