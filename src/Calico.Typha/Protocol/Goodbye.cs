namespace Calico.Typha.Protocol;

/// <summary>The server is closing the connection, and why.</summary>
public sealed record Goodbye(GoodbyeReason Reason, string Detail) : TyphaMessage;
