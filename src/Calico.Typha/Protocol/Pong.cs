namespace Calico.Typha.Protocol;

/// <summary>The client's answer to a Ping.</summary>
public sealed record Pong : TyphaMessage;
