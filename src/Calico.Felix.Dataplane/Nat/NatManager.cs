using Calico.Core;
using Calico.Felix.Calc.Messages;
using Calico.Nftables;

namespace Calico.Felix.Dataplane.Nat;

/// <summary>
/// IP pools' natOutgoing (calico-features.md §4): traffic from a pool with natOutgoing to anywhere outside every
/// pool is masqueraded to the node's address on the way out. Records into the shared table (the loop applies it):
/// <list type="bullet">
/// <item>sets <c>cali40masq-ipam-pools</c> (enabled pools with natOutgoing) and <c>cali40all-ipam-pools</c> (every
/// pool, disabled ones too: they may still have workloads, and traffic to them stays inside the cluster); the
/// <c>cali60</c> pair as well while there is an IPv6 pool;</item>
/// <item>chain <c>cali-nat-outgoing</c>: <c>ip saddr @cali40masq-ipam-pools ip daddr != @cali40all-ipam-pools
/// masquerade</c> (and the <c>ip6</c> rule);</item>
/// <item>base chain <c>cali-POSTROUTING</c> (type nat, hook postrouting, priority srcnat = 100):
/// <c>jump cali-nat-outgoing</c>.</item>
/// </list>
/// The structure is written on the first <see cref="CompleteDeferredWorkAsync"/> even with no pools (empty sets match
/// nothing); after that only when a pool changed. Each write states the whole desired contents; the table diffs it
/// against what it programmed, so a removed pool's elements are deleted and nothing else is touched. Used from the
/// dataplane loop only, one call at a time.
/// </summary>
public sealed class NatManager : IManager
{
    public const string MasqPoolsV4 = "cali40masq-ipam-pools";
    public const string AllPoolsV4 = "cali40all-ipam-pools";
    public const string MasqPoolsV6 = "cali60masq-ipam-pools";
    public const string AllPoolsV6 = "cali60all-ipam-pools";
    public const string NatOutgoingChain = "cali-nat-outgoing";
    public const string PostroutingChain = "cali-POSTROUTING";

    /// <summary>nft's srcnat priority.</summary>
    public const int SrcNatPriority = 100;

    private readonly ITable _table;
    private readonly Dictionary<string, Pool> _pools = new(StringComparer.Ordinal);
    private bool _dirty = true;
    private bool _v6Written;

    /// <param name="table">The calico table shared with the other managers; this manager only records into it.</param>
    public NatManager(ITable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _table = table;
    }

    public void OnUpdate(DataplaneMessage message)
    {
        switch (message)
        {
            case IpPoolUpdate update:
                var pool = new Pool(update.Cidr, update.NatOutgoing && !update.Disabled);
                if (!_pools.TryGetValue(update.Name, out var old) || old != pool)
                {
                    _pools[update.Name] = pool;
                    _dirty = true;
                }

                break;
            case IpPoolRemove remove:
                _dirty |= _pools.Remove(remove.Name);
                break;
            default:
                break;
        }
    }

    public ValueTask CompleteDeferredWorkAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_dirty)
        {
            Render();
            _dirty = false;
        }

        return ValueTask.CompletedTask;
    }

    private void Render()
    {
        var rules = new List<Rule>(2);
        _table.UpdateSet(SetSpec.Ipv4Networks(MasqPoolsV4), Elements(p => p.Cidr.IsIPv4 && p.Masquerade));
        _table.UpdateSet(SetSpec.Ipv4Networks(AllPoolsV4), Elements(p => p.Cidr.IsIPv4));
        rules.Add(new Rule($"ip saddr @{MasqPoolsV4} ip daddr != @{AllPoolsV4} masquerade", "natOutgoing IPv4 pools to outside the pools"));

        var hasV6 = _pools.Values.Any(p => !p.Cidr.IsIPv4);
        if (hasV6)
        {
            _table.UpdateSet(SetSpec.Ipv6Networks(MasqPoolsV6), Elements(p => !p.Cidr.IsIPv4 && p.Masquerade));
            _table.UpdateSet(SetSpec.Ipv6Networks(AllPoolsV6), Elements(p => !p.Cidr.IsIPv4));
            rules.Add(new Rule($"ip6 saddr @{MasqPoolsV6} ip6 daddr != @{AllPoolsV6} masquerade", "natOutgoing IPv6 pools to outside the pools"));
        }
        else if (_v6Written)
        {
            // The chain below stops referring to them in the same transaction, so the table can delete them.
            _table.RemoveSet(MasqPoolsV6);
            _table.RemoveSet(AllPoolsV6);
        }

        _v6Written = hasV6;
        _table.UpdateChain(Chain.Regular(NatOutgoingChain, rules));
        _table.UpdateChain(Chain.Hooked(PostroutingChain, new BaseChainSpec(ChainType.Nat, ChainHook.Postrouting, SrcNatPriority),
            new Rule($"jump {NatOutgoingChain}")));
    }

    /// <summary>
    /// The matching pools' CIDRs as set elements, without those inside another one: interval sets reject overlapping
    /// elements, and a covered CIDR adds nothing to the match.
    /// </summary>
    private List<SetElement> Elements(Func<Pool, bool> predicate)
    {
        var cidrs = _pools.Values.Where(predicate).Select(p => p.Cidr).Distinct().ToList();
        return [.. cidrs
            .Where(c => !cidrs.Any(other => other != c && other.Covers(c)))
            .Order(CidrOrder.Instance)
            .Select(SetElement.Network)];
    }

    private readonly record struct Pool(Cidr Cidr, bool Masquerade);

    private sealed class CidrOrder : IComparer<Cidr>
    {
        public static CidrOrder Instance { get; } = new();

        public int Compare(Cidr x, Cidr y) => string.CompareOrdinal(x.ToString(), y.ToString());
    }
}
