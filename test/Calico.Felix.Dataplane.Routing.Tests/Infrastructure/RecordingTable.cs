using Calico.Nftables;

namespace Calico.Felix.Dataplane.Routing.Tests.Infrastructure;

/// <summary>
/// An <see cref="ITable"/> that keeps the desired state it was told (chains, sets and their members) and a log of
/// the calls, so a manager's output can be asserted without a driver. Verdict maps are not needed here.
/// </summary>
internal sealed class RecordingTable : ITable
{
    public TableName Name => TableName.Calico;

    public Dictionary<ChainName, Chain> Chains { get; } = [];

    public Dictionary<SetName, (SetSpec Spec, HashSet<SetElement> Members)> Sets { get; } = [];

    public List<string> Calls { get; } = [];

    public int Applies { get; private set; }

    public IReadOnlyList<string> Members(SetName set) => [.. Sets[set].Members.Select(m => m.Text).Order(StringComparer.Ordinal)];

    public IReadOnlyList<string> Statements(ChainName chain) => [.. Chains[chain].Rules.Select(r => r.Statement)];

    public void UpdateChain(Chain chain)
    {
        Calls.Add($"update chain {chain.Name}");
        Chains[chain.Name] = chain;
    }

    public void UpdateChains(IEnumerable<Chain> chains)
    {
        foreach (var chain in chains)
        {
            UpdateChain(chain);
        }
    }

    public void RemoveChain(ChainName name)
    {
        Calls.Add($"remove chain {name}");
        Chains.Remove(name);
    }

    public void RemoveChains(IEnumerable<ChainName> names)
    {
        foreach (var name in names)
        {
            RemoveChain(name);
        }
    }

    public void UpdateSet(SetSpec spec, IEnumerable<SetElement> members)
    {
        Calls.Add($"update set {spec.Name}");
        Sets[spec.Name] = (spec, [.. members]);
    }

    public void AddMembers(SetName set, IEnumerable<SetElement> members)
    {
        Calls.Add($"add members {set}");
        Sets[set].Members.UnionWith(members);
    }

    public void RemoveMembers(SetName set, IEnumerable<SetElement> members)
    {
        Calls.Add($"remove members {set}");
        Sets[set].Members.ExceptWith(members);
    }

    public void RemoveSet(SetName set)
    {
        Calls.Add($"remove set {set}");
        Sets.Remove(set);
    }

    public void UpdateVmap(VmapSpec spec, IEnumerable<KeyValuePair<SetElement, Verdict>> elements) => throw new NotSupportedException();

    public void SetVmapElement(SetName map, SetElement key, Verdict verdict) => throw new NotSupportedException();

    public void RemoveVmapElement(SetName map, SetElement key) => throw new NotSupportedException();

    public void RemoveVmap(SetName map) => throw new NotSupportedException();

    public void InvalidateDataplaneCache() => Calls.Add("invalidate");

    public ValueTask<ApplyResult> ApplyAsync(CancellationToken cancellationToken = default)
    {
        Applies++;
        return ValueTask.FromResult(ApplyResult.Unchanged);
    }

    public ValueTask<ApplyResult> ResyncAsync(CancellationToken cancellationToken = default) => ApplyAsync(cancellationToken);

    public void Dispose()
    {
    }
}
