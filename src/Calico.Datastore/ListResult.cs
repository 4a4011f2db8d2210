namespace Calico.Datastore;

/// <summary>The result of a list: the items and the store revision at which they are consistent.</summary>
/// <param name="Items">The items, sorted by namespace (cluster-scoped first), then name, ordinally.</param>
/// <param name="Revision">
/// The store revision the list reflects. Watching with <see cref="WatchOptions.AfterRevision"/> set to this value
/// continues exactly where the list ends, with no gap and no duplicate.
/// </param>
public sealed record ListResult(IReadOnlyList<StoredResource> Items, long Revision);
