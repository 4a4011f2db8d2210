using Calico.Core;

namespace Calico.Felix.Dataplane.Policy;

/// <summary>
/// The members of one IP version of a networks IP set, and the elements that represent them in an nft interval set:
/// the members no other member covers. An interval set rejects overlapping elements, and an endpoint's /32 inside a
/// network set's /16 is common, so the kernel gets the cover and each change is turned into the cover's delta. While
/// every member is a single address (the usual case) the cover is the members themselves (one set, not a copy) and a
/// delta costs O(changes); otherwise the cover is recomputed (O(n log n)) for the sets that changed.
/// </summary>
internal sealed class NetworkCover
{
    private readonly HashSet<Cidr> _members = [];

    /// <summary>The cover while some member is a prefix; null while every member is a single address (the cover is <see cref="_members"/>).</summary>
    private HashSet<Cidr>? _cover;
    private int _prefixes;

    public int Count => _members.Count;

    /// <summary>The elements to program.</summary>
    public IReadOnlyCollection<Cidr> Cover => _cover ?? _members;

    /// <summary>Replaces every member; the new cover is <see cref="Cover"/>.</summary>
    public void Reset(IEnumerable<Cidr> members)
    {
        _members.Clear();
        _prefixes = 0;
        foreach (var member in members)
        {
            if (_members.Add(member) && !IsHost(member))
            {
                _prefixes++;
            }
        }

        _cover = _prefixes == 0 ? null : Compute(_members);
    }

    /// <summary>Applies a delta and reports how the cover changed.</summary>
    public void Apply(IEnumerable<Cidr> added, IEnumerable<Cidr> removed, List<Cidr> coverAdded, List<Cidr> coverRemoved)
    {
        var oldCover = _cover;
        var changed = new List<(Cidr Cidr, bool Added)>();
        foreach (var member in removed)
        {
            if (_members.Remove(member))
            {
                _prefixes -= IsHost(member) ? 0 : 1;
                changed.Add((member, false));
            }
        }

        foreach (var member in added)
        {
            if (_members.Add(member))
            {
                _prefixes += IsHost(member) ? 0 : 1;
                changed.Add((member, true));
            }
        }

        if (oldCover is null && _prefixes == 0)
        {
            // Addresses only, before and after: the cover's delta is the members' (a member removed and added again
            // is reported both ways, as the set then holds it).
            foreach (var (cidr, isAdded) in changed)
            {
                (isAdded ? coverAdded : coverRemoved).Add(cidr);
            }

            return;
        }

        // The cover before: the one kept, or (addresses only until now) the members as they were.
        if (oldCover is null)
        {
            oldCover = [.. _members];
            foreach (var (cidr, isAdded) in changed)
            {
                _ = isAdded ? oldCover.Remove(cidr) : oldCover.Add(cidr);
            }
        }

        var cover = _prefixes == 0 ? null : Compute(_members);
        var now = cover ?? _members;
        coverRemoved.AddRange(oldCover.Where(c => !now.Contains(c)));
        coverAdded.AddRange(now.Where(c => !oldCover.Contains(c)));
        _cover = cover;
    }

    private static bool IsHost(Cidr cidr) => cidr.PrefixLength == cidr.MaxPrefixLength;

    /// <summary>
    /// Sorted by first address, then shorter prefix first, a CIDR is covered exactly when the last kept one covers it:
    /// CIDRs either nest or are disjoint, so an earlier kept CIDR that does not cover the last kept one ends before it.
    /// </summary>
    private static HashSet<Cidr> Compute(HashSet<Cidr> members)
    {
        var sorted = members.Select(m => (Key: m.Address.GetAddressBytes(), Cidr: m)).ToList();
        sorted.Sort((a, b) =>
        {
            var byAddress = a.Key.AsSpan().SequenceCompareTo(b.Key);
            return byAddress != 0 ? byAddress : a.Cidr.PrefixLength.CompareTo(b.Cidr.PrefixLength);
        });
        var cover = new HashSet<Cidr>();
        Cidr? last = null;
        foreach (var (_, cidr) in sorted)
        {
            if (last is { } kept && kept.Covers(cidr))
            {
                continue;
            }

            cover.Add(cidr);
            last = cidr;
        }

        return cover;
    }
}
