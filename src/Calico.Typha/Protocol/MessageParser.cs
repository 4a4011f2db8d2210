namespace Calico.Typha.Protocol;

/// <summary>Decodes one frame's body by its type.</summary>
internal static class MessageParser
{
    public static TyphaMessage Parse(MessageType type, ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        TyphaMessage message = type switch
        {
            // A version 1 hello has no compression field: read it as "none", so that the version check can refuse it
            // with a Goodbye rather than a protocol error.
            MessageType.ClientHello => new ClientHello(Version(ref reader), reader.String(), reader.String(), reader.String(), reader.AtEnd ? string.Empty : reader.String()),
            MessageType.ServerHello => new ServerHello(Version(ref reader), reader.String(), reader.AtEnd ? string.Empty : reader.String()),
            MessageType.KvBatch => Batch(ref reader),
            MessageType.SyncStatus => new SyncStatus(reader.Byte() != 0, reader.NonNegative()),
            MessageType.Ping => new Ping(),
            MessageType.Pong => new Pong(),
            MessageType.Goodbye => new Goodbye((GoodbyeReason)reader.Byte(), reader.String()),
            MessageType.CompressedFrames => Compressed(ref reader),
            _ => throw new ProtocolException($"unknown message type {(byte)type}"),
        };
        reader.ExpectEnd();
        return message;
    }

    private static int Version(ref WireReader reader)
    {
        var version = reader.Varint();
        return version <= int.MaxValue ? (int)version : throw new ProtocolException($"protocol version {version} out of range");
    }

    private static CompressedFrames Compressed(ref WireReader reader)
    {
        var inflated = reader.Varint();
        return inflated is > 0 and <= TyphaProtocol.MaxFrameBytes
            ? new CompressedFrames(reader.Rest(), (int)inflated)
            : throw new ProtocolException($"compressed frames claim {inflated} inflated bytes (1 to {TyphaProtocol.MaxFrameBytes})");
    }

    private static KvBatch Batch(ref WireReader reader)
    {
        var count = reader.Varint();
        if (count > TyphaProtocol.MaxFrameBytes)
        {
            throw new ProtocolException($"KV batch claims {count} entries");
        }

        var kvs = new TyphaKv[(int)count];
        for (var i = 0; i < kvs.Length; i++)
        {
            kvs[i] = KvEncoding.Decode(ref reader);
        }

        return new KvBatch(kvs);
    }
}
