namespace Calico.Typha.Protocol;

/// <summary>
/// The server's answer to a hello it accepts; the snapshot follows, compressed with <see cref="Compression"/> (one the
/// client offered) or plain when it is empty.
/// </summary>
public sealed record ServerHello(int ProtocolVersion, string ServerVersion, string Compression) : TyphaMessage;
