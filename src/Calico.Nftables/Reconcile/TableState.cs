namespace Calico.Nftables;

/// <summary>
/// Everything the driver knows about its table: desired and programmed chains, sets/maps and their elements (one
/// <see cref="DeltaTracker{TKey, TValue}"/> each; a set's elements map to null, a map's to their verdict), whether
/// the table exists, and objects found in the table that the model has no kind for (deleted at the next resync).
/// </summary>
internal sealed class TableState
{
    public DeltaTracker<ChainName, ChainState> Chains { get; } = new();

    public DeltaTracker<SetName, SetDefinition> Sets { get; } = new();

    public Dictionary<SetName, DeltaTracker<SetElement, Verdict?>> Members { get; } = [];

    public bool TableExists { get; set; }

    /// <summary>"counter NAME", "flowtable NAME"…: other objects in our table, to delete.</summary>
    public List<string> ForeignObjects { get; } = [];

    public DeltaTracker<SetElement, Verdict?> MembersOf(SetName set)
    {
        if (!Members.TryGetValue(set, out var members))
        {
            members = new DeltaTracker<SetElement, Verdict?>();
            Members[set] = members;
        }

        return members;
    }

    /// <summary>Drops element trackers of sets that are neither desired nor programmed.</summary>
    public void ForgetUnusedMembers()
    {
        foreach (var (name, members) in Members.ToArray())
        {
            if (!Sets.Desired.ContainsKey(name) && !Sets.Dataplane.ContainsKey(name) && members.Desired.Count == 0)
            {
                Members.Remove(name);
            }
        }
    }
}
