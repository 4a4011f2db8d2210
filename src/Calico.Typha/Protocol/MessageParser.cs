namespace Calico.Typha.Protocol;

/// <summary>Decodes one frame's body by its type.</summary>
internal static class MessageParser
{
    public static TyphaMessage Parse(MessageType type, ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        TyphaMessage message = type switch
        {
            MessageType.ClientHello => new ClientHello(Version(ref reader), reader.String(), reader.String(), reader.String()),
            MessageType.ServerHello => new ServerHello(Version(ref reader), reader.String()),
            MessageType.KvBatch => Batch(ref reader),
            MessageType.SyncStatus => new SyncStatus(reader.Byte() != 0, reader.NonNegative()),
            MessageType.Ping => new Ping(),
            MessageType.Pong => new Pong(),
            MessageType.Goodbye => new Goodbye((GoodbyeReason)reader.Byte(), reader.String()),
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
