using System.Buffers.Binary;
using Google.Protobuf;

namespace Calico.Datastore.Etcd;

/// <summary>gRPC's length-prefixed message framing: one byte "compressed" flag (always 0 here), four bytes big-endian length, the message.</summary>
internal static class GrpcStreamExtensions
{
    private const int HeaderLength = 5;

    public static byte[] ToGrpcFrame(this IMessage message)
    {
        var length = message.CalculateSize();
        var frame = new byte[HeaderLength + length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)length);
        message.WriteTo(frame.AsSpan(HeaderLength));
        return frame;
    }

    /// <summary>Reads the next message, or returns <see langword="null"/> at a clean end of the stream.</summary>
    public static async ValueTask<T?> ReadGrpcMessageAsync<T>(this Stream stream, MessageParser<T> parser, CancellationToken ct)
        where T : class, IMessage<T>
    {
        var header = new byte[HeaderLength];
        var read = await stream.ReadAtLeastAsync(header, HeaderLength, throwOnEndOfStream: false, ct).ConfigureAwait(false);
        if (read == 0)
        {
            return null;
        }

        if (read < HeaderLength)
        {
            throw new IOException("the etcd stream ended inside a gRPC message header");
        }

        if (header[0] != 0)
        {
            throw new IOException("etcd sent a compressed gRPC message, which this client did not ask for");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
        if (length > int.MaxValue)
        {
            throw new IOException($"etcd sent a gRPC message of {length} bytes");
        }

        var body = new byte[length];
        await stream.ReadExactlyAsync(body, ct).ConfigureAwait(false);
        return parser.ParseFrom(body);
    }
}
