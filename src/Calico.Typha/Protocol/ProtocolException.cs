namespace Calico.Typha.Protocol;

/// <summary>The peer sent something the protocol does not allow (bad frame, unexpected message, oversized frame).</summary>
public sealed class ProtocolException(string message) : Exception(message);
