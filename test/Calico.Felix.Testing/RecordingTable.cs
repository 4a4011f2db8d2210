using Calico.Nftables;

namespace Calico.Felix.Testing;

/// <summary>
/// An <see cref="ITable"/> that keeps the desired state it was told (chains, sets, verdict maps) and a log of the
/// calls, so a manager's output can be asserted without a driver. Like the driver, it rejects members for an
/// undeclared set and elements for an undeclared map. Apply and resync change nothing; <see cref="Applies"/> counts them.
/// </summary>
public sealed class RecordingTable : ITable
{
    public TableName Name => TableName.Calico;

    public Dictionary<ChainName, Chain> Chains { get; } = [];

    public Dictionary<SetName, (SetSpec Spec, HashSet<SetElement> Members)> Sets { get; } = [];

    public Dictionary<SetName, (VmapSpec Spec, Dictionary<SetElement, Verdict> Elements)> Maps { get; } = [];

    public List<string> Calls { get; } = [];

    /// <summary>How many times <see cref="ApplyAsync"/> (or <see cref="ResyncAsync"/>) ran.</summary>
    public int Applies { get; private set; }

    public IReadOnlyList<string> Members(SetName set) => [.. Sets[set].Members.Select(m => m.Text).Order(StringComparer.Ordinal)];

    public IReadOnlyList<string> Statements(ChainName chain) => [.. Chains[chain].Rules.Select(r => r.Statement)];

    /// <summary><c>key: verdict</c> for each element of a map, sorted.</summary>
    public IReadOnlyList<string> MapElements(SetName map) =>
        [.. Maps[map].Elements.Select(e => $"{e.Key.Text}: {e.Value}").Order(StringComparer.Ordinal)];

    public void ClearCalls() => Calls.Clear();

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
        var list = members.ToList();
        Calls.Add($"add members {set} {string.Join(", ", list.Select(m => m.Text))}");
        Sets[set].Members.UnionWith(list);
    }

    public void RemoveMembers(SetName set, IEnumerable<SetElement> members)
    {
        var list = members.ToList();
        Calls.Add($"remove members {set} {string.Join(", ", list.Select(m => m.Text))}");
        Sets[set].Members.ExceptWith(list);
    }

    public void RemoveSet(SetName set)
    {
        Calls.Add($"remove set {set}");
        Sets.Remove(set);
    }

    public void UpdateVmap(VmapSpec spec, IEnumerable<KeyValuePair<SetElement, Verdict>> elements)
    {
        Calls.Add($"update map {spec.Name}");
        Maps[spec.Name] = (spec, elements.ToDictionary(e => e.Key, e => e.Value));
    }

    public void SetVmapElement(SetName map, SetElement key, Verdict verdict)
    {
        Calls.Add($"set element {map} {key.Text}: {verdict}");
        Maps[map].Elements[key] = verdict;
    }

    public void RemoveVmapElement(SetName map, SetElement key)
    {
        Calls.Add($"remove element {map} {key.Text}");
        Maps[map].Elements.Remove(key);
    }

    public void RemoveVmap(SetName map)
    {
        Calls.Add($"remove map {map}");
        Maps.Remove(map);
    }

    public void InvalidateDataplaneCache() => Calls.Add("invalidate");

    public Task StartBackgroundResync(CancellationToken cancellationToken = default)
    {
        Calls.Add("background resync");
        return Task.CompletedTask;
    }

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
