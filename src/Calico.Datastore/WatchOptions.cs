namespace Calico.Datastore;

/// <summary>What a watch delivers.</summary>
/// <param name="Kind">Only resources of this kind; <see langword="null"/> for every kind.</param>
/// <param name="Namespace">Only resources in this namespace; <see langword="null"/> for every namespace and cluster-scoped resources.</param>
/// <param name="AfterRevision">
/// Deliver changes with a revision greater than this. 0 replays the whole retained change log; a
/// <see cref="ListResult.Revision"/> continues after that list.
/// </param>
public sealed record WatchOptions(string? Kind = null, string? Namespace = null, long AfterRevision = 0);
