using System.Buffers.Binary;
using System.IO.Compression;

namespace Calico.Typha.Protocol;

/// <summary>
/// Snapshot compression (protocol version 2): a client lists what it can inflate in its hello, the server names its
/// choice in its own, and then sends the snapshot as <see cref="MessageType.CompressedFrames"/> frames, each an
/// independent raw DEFLATE stream (RFC 1951) of whole KvBatch frames prefixed by its inflated size. Deltas stay plain:
/// they are small and latency counts.
/// </summary>
public static class SnapshotCompression
{
    /// <summary>Raw DEFLATE (System.IO.Compression); Calico's Typha uses snappy, which .NET does not ship.</summary>
    public const string Deflate = "deflate";

    /// <summary>The algorithm the server uses for a client that accepts <paramref name="accepted"/> (comma-separated); empty for none.</summary>
    public static string Choose(string accepted, bool serverCompresses) =>
        serverCompresses && accepted.Split(',', StringSplitOptions.TrimEntries).Contains(Deflate, StringComparer.Ordinal) ? Deflate : string.Empty;

    /// <summary>One CompressedFrames frame holding <paramref name="frames"/> (whole encoded frames).</summary>
    internal static byte[] Compress(ReadOnlySpan<byte> frames, CompressionLevel level)
    {
        using var scratch = new MemoryStream(frames.Length / 4 + 64);
        return Compress(frames, level, scratch);
    }

    /// <summary>
    /// As <see cref="Compress(ReadOnlySpan{byte}, CompressionLevel)"/>, deflating into <paramref name="deflated"/> (emptied
    /// first), so that compressing a whole snapshot chunk by chunk reuses one buffer instead of leaving one per chunk on
    /// the large-object heap.
    /// </summary>
    internal static byte[] Compress(ReadOnlySpan<byte> frames, CompressionLevel level, MemoryStream deflated)
    {
        deflated.SetLength(0);
        using (var deflate = new DeflateStream(deflated, level, leaveOpen: true))
        {
            deflate.Write(frames);
        }

        var body = WireWriter.VarintSize((ulong)frames.Length) + (int)deflated.Length;
        var frame = new byte[TyphaProtocol.HeaderBytes + body];
        var writer = new WireWriter(frame);
        writer.Header(MessageType.CompressedFrames, body);
        writer.Varint((ulong)frames.Length);
        writer.Bytes(deflated.GetBuffer().AsSpan(0, (int)deflated.Length));
        return frame;
    }

    internal static IReadOnlyList<KvBatch> InflateBatches(ReadOnlyMemory<byte> deflated, int inflatedBytes)
    {
        var inflated = new byte[inflatedBytes];
        try
        {
            using var source = new MemoryStream(deflated.ToArray(), writable: false);
            using var inflate = new DeflateStream(source, CompressionMode.Decompress);
            inflate.ReadExactly(inflated);
            if (inflate.Read(new byte[1]) != 0)
            {
                throw new ProtocolException($"compressed frames inflate to more than the announced {inflatedBytes} bytes");
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new ProtocolException($"compressed frames do not inflate to the announced {inflatedBytes} bytes: {e.Message}");
        }

        var batches = new List<KvBatch>();
        var rest = inflated.AsSpan();
        while (!rest.IsEmpty)
        {
            if (rest.Length < TyphaProtocol.HeaderBytes)
            {
                throw new ProtocolException("compressed frames end in the middle of a frame header");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(rest);
            if (length == 0 || length > rest.Length - 4)
            {
                throw new ProtocolException($"a frame inside compressed frames claims {length} bytes, {rest.Length - 4} remain");
            }

            var type = (MessageType)rest[4];
            batches.Add(type == MessageType.KvBatch
                ? (KvBatch)MessageParser.Parse(type, rest.Slice(5, (int)length - 1))
                : throw new ProtocolException($"compressed frames may hold only KvBatch frames, not type {(byte)type}"));
            rest = rest[(4 + (int)length)..];
        }

        return batches;
    }
}
