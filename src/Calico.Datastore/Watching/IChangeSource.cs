namespace Calico.Datastore.Watching;

/// <summary>What a backend provides so that <see cref="ChangeSourceExtensions.StreamChangesAsync"/> can run a watch.</summary>
internal interface IChangeSource
{
    /// <summary>
    /// Reads up to <paramref name="limit"/> changes after <paramref name="after"/> that match <paramref name="filter"/>,
    /// from one consistent snapshot. When the read does not hit the limit, <see cref="ChangeBatch.Next"/> is at least
    /// the snapshot's revision, so that filtered-out changes still move the watcher forward.
    /// </summary>
    /// <exception cref="RevisionCompactedException">Changes after <paramref name="after"/> were compacted.</exception>
    public ValueTask<ChangeBatch> ReadChangesAsync(ChangeCursor after, WatchOptions filter, int limit, CancellationToken ct);

    /// <summary>Completes once the store's revision may be greater than <paramref name="revision"/>.</summary>
    public Task WaitForRevisionAfterAsync(long revision, CancellationToken ct);
}
