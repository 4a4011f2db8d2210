using Calico.Datastore;

namespace Calico.Typha.Cache;

/// <summary>
/// One key's state serialised once as a KV entry (<see cref="Protocol.KvEncoding"/>); the same bytes go to every
/// client, from the snapshot or from a breadcrumb's deltas.
/// </summary>
internal sealed class EncodedKv(ResourceKey key, byte[] bytes, bool isDeletion)
{
    public ResourceKey Key { get; } = key;

    public byte[] Bytes { get; } = bytes;

    public bool IsDeletion { get; } = isDeletion;
}
