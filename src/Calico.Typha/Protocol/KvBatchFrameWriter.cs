using System.Buffers;

namespace Calico.Typha.Protocol;

/// <summary>
/// Appends encoded KV entries (<see cref="KvEncoding"/>) to <paramref name="output"/> as whole KvBatch frames, each cut
/// at <paramref name="maxKvs"/> entries or once it reaches <paramref name="maxBytes"/>. A frame is written when it is
/// cut or at <see cref="Flush"/>.
/// </summary>
internal sealed class KvBatchFrameWriter(IBufferWriter<byte> output, int maxKvs, int maxBytes)
{
    private readonly List<byte[]> _pending = new(Math.Min(maxKvs, 1024));
    private int _pendingBytes;

    public void Add(byte[] entry)
    {
        _pending.Add(entry);
        _pendingBytes += entry.Length;
        if (_pending.Count >= maxKvs || _pendingBytes >= maxBytes)
        {
            Flush();
        }
    }

    /// <summary>Writes what is pending as one frame (nothing when nothing is).</summary>
    public void Flush()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var body = WireWriter.VarintSize((ulong)_pending.Count) + _pendingBytes;
        var frame = output.GetSpan(TyphaProtocol.HeaderBytes + body);
        var writer = new WireWriter(frame);
        writer.Header(MessageType.KvBatch, body);
        writer.Varint((ulong)_pending.Count);
        foreach (var entry in _pending)
        {
            writer.Bytes(entry);
        }

        output.Advance(writer.Written);
        _pending.Clear();
        _pendingBytes = 0;
    }
}
