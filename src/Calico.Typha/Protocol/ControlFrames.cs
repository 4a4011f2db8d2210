namespace Calico.Typha.Protocol;

/// <summary>Encodes the small frames (everything but KV batches, which <see cref="KvBatchFrameWriter"/> cuts).</summary>
internal static class ControlFrames
{
    public static ReadOnlyMemory<byte> Ping { get; } = Empty(MessageType.Ping);

    public static ReadOnlyMemory<byte> Pong { get; } = Empty(MessageType.Pong);

    public static byte[] ClientHello(string hostname, string clientVersion, string syncerType, string acceptedCompression = "")
    {
        var body = WireWriter.VarintSize(TyphaProtocol.Version) + WireWriter.StringSize(hostname) + WireWriter.StringSize(clientVersion) + WireWriter.StringSize(syncerType)
            + WireWriter.StringSize(acceptedCompression);
        var bytes = new byte[TyphaProtocol.HeaderBytes + body];
        var writer = new WireWriter(bytes);
        writer.Header(MessageType.ClientHello, body);
        writer.Varint(TyphaProtocol.Version);
        writer.String(hostname);
        writer.String(clientVersion);
        writer.String(syncerType);
        writer.String(acceptedCompression);
        return bytes;
    }

    public static byte[] ServerHello(string serverVersion, string compression = "")
    {
        var body = WireWriter.VarintSize(TyphaProtocol.Version) + WireWriter.StringSize(serverVersion) + WireWriter.StringSize(compression);
        var bytes = new byte[TyphaProtocol.HeaderBytes + body];
        var writer = new WireWriter(bytes);
        writer.Header(MessageType.ServerHello, body);
        writer.Varint(TyphaProtocol.Version);
        writer.String(serverVersion);
        writer.String(compression);
        return bytes;
    }

    public static byte[] SyncStatus(bool inSync, long revision)
    {
        var body = 1 + WireWriter.VarintSize((ulong)revision);
        var bytes = new byte[TyphaProtocol.HeaderBytes + body];
        var writer = new WireWriter(bytes);
        writer.Header(MessageType.SyncStatus, body);
        writer.Byte(inSync ? (byte)1 : (byte)0);
        writer.Varint((ulong)revision);
        return bytes;
    }

    public static byte[] Goodbye(GoodbyeReason reason, string detail)
    {
        var body = 1 + WireWriter.StringSize(detail);
        var bytes = new byte[TyphaProtocol.HeaderBytes + body];
        var writer = new WireWriter(bytes);
        writer.Header(MessageType.Goodbye, body);
        writer.Byte((byte)reason);
        writer.String(detail);
        return bytes;
    }

    private static byte[] Empty(MessageType type)
    {
        var bytes = new byte[TyphaProtocol.HeaderBytes];
        new WireWriter(bytes).Header(type, 0);
        return bytes;
    }
}
