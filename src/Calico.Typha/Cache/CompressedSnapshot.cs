using System.Buffers;
using System.IO.Compression;
using Calico.Typha.Protocol;

namespace Calico.Typha.Cache;

/// <summary>
/// One crumb's whole snapshot as ready-to-send CompressedFrames frames, built once and written as they are to every
/// client that joins while it is fresh (<see cref="SnapshotCache.CompressedSnapshotAsync"/>); such a client then
/// follows the chain from <see cref="Crumb"/>, so it still gets every later change.
/// </summary>
internal sealed class CompressedSnapshot
{
    private CompressedSnapshot(Breadcrumb crumb, IReadOnlyList<byte[]> frames, long inflatedBytes)
    {
        Crumb = crumb;
        Frames = frames;
        InflatedBytes = inflatedBytes;
        CompressedBytes = frames.Sum(f => (long)f.Length);
    }

    public Breadcrumb Crumb { get; }

    public IReadOnlyList<byte[]> Frames { get; }

    /// <summary>The KvBatch frames' size before compression.</summary>
    public long InflatedBytes { get; }

    public long CompressedBytes { get; }

    /// <summary>Encodes <paramref name="crumb"/>'s snapshot as KvBatch frames and compresses each ~<paramref name="chunkBytes"/> of them into one frame.</summary>
    public static CompressedSnapshot Build(Breadcrumb crumb, int maxKvs, int batchBytes, int chunkBytes, CompressionLevel level)
    {
        var chunk = new ArrayBufferWriter<byte>(chunkBytes + batchBytes);
        var batches = new KvBatchFrameWriter(chunk, maxKvs, batchBytes);
        var frames = new List<byte[]>();
        using var scratch = new MemoryStream(chunkBytes / 2);
        long inflated = 0;
        void Compress()
        {
            if (chunk.WrittenCount > 0)
            {
                inflated += chunk.WrittenCount;
                frames.Add(SnapshotCompression.Compress(chunk.WrittenSpan, level, scratch));
                chunk.ResetWrittenCount();
            }
        }

        foreach (var kv in crumb.Snapshot.Values)
        {
            batches.Add(kv.Bytes);
            if (chunk.WrittenCount >= chunkBytes)
            {
                Compress();
            }
        }

        batches.Flush();
        Compress();
        return new CompressedSnapshot(crumb, frames, inflated);
    }
}
