namespace Calico.Typha.Protocol;

/// <summary>The server's keepalive; the client answers with a Pong.</summary>
public sealed record Ping : TyphaMessage;
