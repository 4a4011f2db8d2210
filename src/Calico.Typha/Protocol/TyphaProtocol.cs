namespace Calico.Typha.Protocol;

/// <summary>Constants of the wire protocol.</summary>
public static class TyphaProtocol
{
    /// <summary>The protocol version both sides send in their hello; a mismatch is refused (2 added snapshot compression).</summary>
    public const int Version = 2;

    /// <summary>Calico's Typha port.</summary>
    public const int DefaultPort = 5473;

    /// <summary>The largest frame either side accepts (one KV can be a large IPAM block; batches are cut far below this).</summary>
    public const int MaxFrameBytes = 16 * 1024 * 1024;

    /// <summary>Bytes before a frame's body: a 4-byte big-endian length of what follows (type byte + body), then the type.</summary>
    public const int HeaderBytes = 5;
}
