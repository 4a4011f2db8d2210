namespace Calico.Typha.Protocol;

/// <summary>The server's answer to a hello it accepts; the snapshot follows.</summary>
public sealed record ServerHello(int ProtocolVersion, string ServerVersion) : TyphaMessage;
