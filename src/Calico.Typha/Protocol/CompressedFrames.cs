namespace Calico.Typha.Protocol;

/// <summary>
/// Part of a compressed snapshot: <see cref="Deflated"/> inflates to exactly <see cref="InflatedBytes"/> bytes holding
/// whole KvBatch frames. The server compresses the snapshot once and sends the same chunks to every client that
/// accepted <see cref="SnapshotCompression.Deflate"/>; <see cref="Client.TyphaConnection"/> inflates them unless told not to.
/// </summary>
public sealed record CompressedFrames(ReadOnlyMemory<byte> Deflated, int InflatedBytes) : TyphaMessage
{
    /// <summary>The KV batches inside, in order.</summary>
    /// <exception cref="ProtocolException">The data does not inflate to the announced size, or holds something other than whole KvBatch frames.</exception>
    public IReadOnlyList<KvBatch> Inflate() => SnapshotCompression.InflateBatches(Deflated, InflatedBytes);
}
