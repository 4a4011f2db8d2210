using System.Net;
using Calico.Api.Resources;
using Calico.Core;
using Calico.Datastore;
using Calico.Ipam.Store;

namespace Calico.Ipam.Blocks;

/// <summary>
/// One IPAMBlock being read and changed: ordinal ↔ address, free list, attributes shared per (handle, attributes),
/// sequence numbers. Changes stay in memory until the caller commits <see cref="UpdateOp"/> (conditional on the
/// revision read) together with the handle changes they imply.
/// </summary>
internal sealed class AllocationBlock
{
    private readonly IPAMBlock _resource;
    private readonly List<int?> _allocations;
    private readonly List<int> _unallocated;
    private readonly List<AllocationAttribute> _attributes;
    private readonly SortedDictionary<string, long> _sequenceNumbers;

    private AllocationBlock(IPAMBlock resource, Cidr cidr, long revision)
    {
        _resource = resource;
        Cidr = cidr;
        Revision = revision;
        var spec = resource.Spec;
        _allocations = spec.Allocations ??= [];
        _unallocated = spec.Unallocated ??= [];
        _attributes = spec.Attributes ??= [];
        _sequenceNumbers = spec.SequenceNumberForAllocation ??= new SortedDictionary<string, long>(StringComparer.Ordinal);
        spec.SequenceNumber ??= 0;
    }

    public Cidr Cidr { get; }

    /// <summary>The revision read; 0 for a block not yet created.</summary>
    public long Revision { get; }

    public string Name => IpamNames.BlockName(Cidr);

    public ResourceKey Key => IpamNames.BlockKey(Cidr);

    public int Size => _allocations.Count;

    public string? Affinity => _resource.Spec.Affinity;

    public string? AffinityNode => IpamNames.TryParseHostAffinity(_resource.Spec.Affinity, out var node) ? node : null;

    public int FreeCount => _unallocated.Count;

    public int AllocatedCount => _allocations.Count(a => a is not null);

    public bool IsEmpty => _allocations.TrueForAll(a => a is null);

    public long SequenceNumber => _resource.Spec.SequenceNumber ?? 0;

    public bool IsAffineTo(string node) => string.Equals(_resource.Spec.Affinity, IpamNames.HostAffinity(node), StringComparison.Ordinal);

    /// <summary>Reads a stored block, checking that its fields agree with each other.</summary>
    public static AllocationBlock FromStored(Stored<IPAMBlock> stored)
    {
        var spec = stored.Resource.Spec;
        if (AddressExtensions.ParseStoredCidr(spec.Cidr) is not { } cidr)
        {
            throw Corrupt(stored.Resource.Name, $"its spec.cidr \"{spec.Cidr}\" is not a CIDR");
        }

        var block = new AllocationBlock(stored.Resource, cidr, stored.Revision);
        var size = cidr.AddressCount();
        if ((UInt128)block._allocations.Count != size)
        {
            throw Corrupt(stored.Resource.Name, $"it has {block._allocations.Count} allocation slots for {size} addresses");
        }

        foreach (var index in block._allocations)
        {
            if (index is { } i && (i < 0 || i >= block._attributes.Count))
            {
                throw Corrupt(stored.Resource.Name, $"an allocation refers to attribute {i} of {block._attributes.Count}");
            }
        }

        return block;
    }

    /// <summary>A new, empty block affine to <paramref name="node"/>.</summary>
    public static AllocationBlock CreateNew(Cidr cidr, string node, DateTimeOffset now)
    {
        var size = (int)cidr.AddressCount();
        var resource = IpamStore.Prepare(new IPAMBlock(), IpamNames.BlockName(cidr));
        resource.Spec = new IPAMBlockSpec
        {
            Cidr = cidr.ToString(),
            Affinity = IpamNames.HostAffinity(node),
            AffinityClaimTime = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            StrictAffinity = false,
            Allocations = Enumerable.Repeat<int?>(null, size).ToList(),
            Unallocated = Enumerable.Range(0, size).ToList(),
            Attributes = [],

            // As Calico: start from the clock so a deleted and recreated block never reuses a sequence number.
            SequenceNumber = now.ToUnixTimeMilliseconds() * 1_000_000,
            SequenceNumberForAllocation = new SortedDictionary<string, long>(StringComparer.Ordinal),
            Deleted = false,
        };
        return new AllocationBlock(resource, cidr, 0);
    }

    public IPAddress AddressAt(int ordinal) => (Cidr.Start() + (UInt128)ordinal).ToAddress(Cidr.Family);

    public bool TryGetOrdinal(IPAddress address, out int ordinal)
    {
        ordinal = -1;
        if (!Cidr.Contains(address))
        {
            return false;
        }

        ordinal = (int)(address.ToUInt128() - Cidr.Start());
        return true;
    }

    public bool IsAllocated(int ordinal) => _allocations[ordinal] is not null;

    public string? HandleAt(int ordinal) => _allocations[ordinal] is { } i ? _attributes[i].HandleId : null;

    public IReadOnlyDictionary<string, string> AttributesAt(int ordinal) =>
        _allocations[ordinal] is { } i && _attributes[i].Secondary is { } secondary
            ? new SortedDictionary<string, string>(secondary, StringComparer.Ordinal)
            : new SortedDictionary<string, string>(StringComparer.Ordinal);

    public long SequenceNumberAt(int ordinal) =>
        _sequenceNumbers.TryGetValue(OrdinalKey(ordinal), out var sequence) ? sequence : 0;

    public IEnumerable<int> AllocatedOrdinals()
    {
        for (var i = 0; i < _allocations.Count; i++)
        {
            if (_allocations[i] is not null)
            {
                yield return i;
            }
        }
    }

    /// <summary>Allocates up to <paramref name="count"/> free addresses, in free-list order, to the handle.</summary>
    public List<int> TakeFree(int count, string handleId, IReadOnlyDictionary<string, string> attributes)
    {
        var taken = _unallocated.Take(count).ToList();
        if (taken.Count == 0)
        {
            return taken;
        }

        var index = FindOrAddAttribute(handleId, attributes);
        _unallocated.RemoveRange(0, taken.Count);
        foreach (var ordinal in taken)
        {
            _allocations[ordinal] = index;
            _sequenceNumbers[OrdinalKey(ordinal)] = SequenceNumber;
        }

        return taken;
    }

    /// <summary>Allocates one given ordinal; false when it is taken.</summary>
    public bool TryAssign(int ordinal, string handleId, IReadOnlyDictionary<string, string> attributes)
    {
        if (_allocations[ordinal] is not null)
        {
            return false;
        }

        _allocations[ordinal] = FindOrAddAttribute(handleId, attributes);
        _unallocated.Remove(ordinal);
        _sequenceNumbers[OrdinalKey(ordinal)] = SequenceNumber;
        return true;
    }

    /// <summary>The ordinals the handle holds in this block.</summary>
    public List<int> OrdinalsOf(string handleId) =>
        AllocatedOrdinals().Where(o => string.Equals(HandleAt(o), handleId, StringComparison.Ordinal)).ToList();

    /// <summary>Frees the ordinals (appended to the free list, as Calico does) and drops attributes nothing refers to.</summary>
    public void Release(IReadOnlyCollection<int> ordinals)
    {
        foreach (var ordinal in ordinals)
        {
            if (_allocations[ordinal] is null)
            {
                continue;
            }

            _allocations[ordinal] = null;
            _unallocated.Add(ordinal);
            _sequenceNumbers.Remove(OrdinalKey(ordinal));
        }

        CompactAttributes();
    }

    public void ClearAffinity()
    {
        _resource.Spec.Affinity = null;
        _resource.Spec.AffinityClaimTime = null;
    }

    /// <summary>The conditional update writing this block back; every write bumps the sequence number (as Calico).</summary>
    public TransactionOp UpdateOp()
    {
        _resource.Spec.SequenceNumber = SequenceNumber + 1;
        return IpamStore.Update(_resource, Revision);
    }

    public TransactionOp CreateOp() => IpamStore.Create(_resource);

    public TransactionOp DeleteOp() => IpamStore.Delete(Key, Revision);

    private int FindOrAddAttribute(string handleId, IReadOnlyDictionary<string, string> attributes)
    {
        for (var i = 0; i < _attributes.Count; i++)
        {
            var existing = _attributes[i];
            if (string.Equals(existing.HandleId, handleId, StringComparison.Ordinal) && SameAttributes(existing.Secondary, attributes))
            {
                return i;
            }
        }

        _attributes.Add(new AllocationAttribute
        {
            HandleId = handleId,
            Secondary = new SortedDictionary<string, string>(attributes.ToDictionary(), StringComparer.Ordinal),
        });
        return _attributes.Count - 1;
    }

    private static bool SameAttributes(SortedDictionary<string, string>? stored, IReadOnlyDictionary<string, string> wanted)
    {
        var count = stored?.Count ?? 0;
        if (count != wanted.Count)
        {
            return false;
        }

        foreach (var (key, value) in wanted)
        {
            if (stored is null || !stored.TryGetValue(key, out var current) || !string.Equals(current, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private void CompactAttributes()
    {
        var used = new bool[_attributes.Count];
        foreach (var index in _allocations)
        {
            if (index is { } i)
            {
                used[i] = true;
            }
        }

        if (Array.TrueForAll(used, u => u))
        {
            return;
        }

        var remap = new int[_attributes.Count];
        var kept = new List<AllocationAttribute>();
        for (var i = 0; i < _attributes.Count; i++)
        {
            remap[i] = kept.Count;
            if (used[i])
            {
                kept.Add(_attributes[i]);
            }
        }

        _attributes.Clear();
        _attributes.AddRange(kept);
        for (var o = 0; o < _allocations.Count; o++)
        {
            if (_allocations[o] is { } i)
            {
                _allocations[o] = remap[i];
            }
        }
    }

    private static string OrdinalKey(int ordinal) => ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static IpamException Corrupt(string name, string why) =>
        new(IpamErrorKind.DatastoreError, $"IPAMBlock \"{name}\" is inconsistent: {why}");
}
