namespace Calico.Client.Syncing;

/// <summary>
/// Where a consumer (Felix's calculation graph, BIRD's renderer) gets its ordered stream of typed updates: the
/// datastore directly (<see cref="ResourceSyncer"/>) or a Typha (Calico.Typha's TyphaSyncSource). Both report a
/// snapshot, <see cref="InSync"/>, then changes; after a gap <see cref="Resyncing"/> and only the differences.
/// </summary>
public interface ISyncSource
{
    /// <summary>Runs until <paramref name="ct"/> is cancelled; one enumeration at a time.</summary>
    public IAsyncEnumerable<SyncUpdate> RunAsync(CancellationToken ct = default);
}
