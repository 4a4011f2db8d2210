namespace Calico.Datastore;

/// <summary>
/// A datastore that can list a kind a page at a time, so that a consumer of a large kind (100k workload endpoints)
/// never holds the whole listing at once. Pages are read one after the other, not in one snapshot: each page's
/// <see cref="ListResult.Revision"/> is the store's revision when it was read, and a resource changed between pages
/// shows its newer value (its own revision is then above the first page's). A consumer that watches from the first
/// page's revision afterwards sees every such change again, so it converges on the same state as a single list.
/// </summary>
public interface IPagedListing
{
    /// <summary>
    /// Up to <paramref name="limit"/> resources of <paramref name="kind"/> (all namespaces) that come after
    /// <paramref name="after"/> in list order (namespace, then name); from the start when it is null. An empty or short
    /// page is the last.
    /// </summary>
    public ValueTask<ListResult> ListPageAsync(string kind, ResourceKey? after, int limit, CancellationToken ct = default);
}
