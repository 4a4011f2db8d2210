namespace Calico.Datastore;

/// <summary>
/// A datastore that can list everything it holds, every kind, at one revision: what a migration export reads, so that
/// kinds this build has never heard of are carried over too.
/// </summary>
public interface IWholeStoreListing
{
    /// <summary>
    /// Every resource of every kind, as one snapshot, sorted by kind, then namespace (cluster-scoped first), then name
    /// (ordinal). <see cref="ListResult.Revision"/> is the revision of the snapshot.
    /// </summary>
    public ValueTask<ListResult> ListAllAsync(CancellationToken ct = default);
}
