using Calico.Api.Resources;
using Calico.Core;
using Calico.Datastore;
using Calico.Ipam.Store;

namespace Calico.Ipam.Blocks;

/// <summary>
/// An IPAMHandle being read and changed: how many addresses the handle holds in each block. Its write (create, update
/// or delete, conditional on the revision read) goes into the same transaction as the block change.
/// </summary>
internal sealed class HandleRecord
{
    private readonly SortedDictionary<string, int> _blocks;

    private HandleRecord(string handleId, SortedDictionary<string, int> blocks, long? revision)
    {
        HandleId = handleId;
        _blocks = blocks;
        Revision = revision;
    }

    public string HandleId { get; }

    /// <summary>The revision read, or null when the handle does not exist yet.</summary>
    public long? Revision { get; }

    public IReadOnlyDictionary<string, int> Blocks => _blocks;

    public bool IsEmpty => _blocks.Values.All(c => c <= 0);

    public static HandleRecord From(string handleId, Stored<IPAMHandle>? stored) => stored is null
        ? new HandleRecord(handleId, new SortedDictionary<string, int>(StringComparer.Ordinal), null)
        : new HandleRecord(handleId, Copy(stored.Resource.Spec.Block), stored.Revision);

    public void Add(Cidr block, int count)
    {
        var key = block.ToString();
        _blocks[key] = (_blocks.TryGetValue(key, out var current) ? current : 0) + count;
    }

    public void Remove(Cidr block, int count) => Remove(block.ToString(), count);

    /// <summary>Forgets the handle's entry for a block entirely.</summary>
    public void RemoveBlock(string blockKey) => _blocks.Remove(blockKey);

    public void Remove(string blockKey, int count)
    {
        if (!_blocks.TryGetValue(blockKey, out var current))
        {
            return;
        }

        if (current - count > 0)
        {
            _blocks[blockKey] = current - count;
        }
        else
        {
            _blocks.Remove(blockKey);
        }
    }

    /// <summary>The write that stores this handle: create if new, delete if now empty, else a conditional update.</summary>
    public TransactionOp? WriteOp()
    {
        if (Revision is not { } revision)
        {
            return IsEmpty ? null : IpamStore.Create(Build());
        }

        return IsEmpty ? IpamStore.Delete(IpamNames.HandleKey(HandleId), revision) : IpamStore.Update(Build(), revision);
    }

    private static SortedDictionary<string, int> Copy(SortedDictionary<string, int>? blocks) => blocks is null
        ? new SortedDictionary<string, int>(StringComparer.Ordinal)
        : new SortedDictionary<string, int>(blocks, StringComparer.Ordinal);

    private IPAMHandle Build()
    {
        var handle = IpamStore.Prepare(new IPAMHandle(), HandleId);
        handle.Spec = new IPAMHandleSpec
        {
            HandleId = HandleId,
            Block = new SortedDictionary<string, int>(_blocks, StringComparer.Ordinal),
            Deleted = false,
        };
        return handle;
    }
}
