namespace Calico.Datastore;

/// <summary>
/// A conditional update or delete found the resource at another revision than expected: someone else wrote it since
/// the caller read it.
/// </summary>
public sealed class RevisionConflictException : DatastoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="key">The resource.</param>
    /// <param name="expectedRevision">The revision the caller expected.</param>
    /// <param name="actualRevision">The resource's current revision.</param>
    public RevisionConflictException(ResourceKey key, long expectedRevision, long actualRevision)
        : base($"{key} was modified concurrently (revision {expectedRevision} expected, {actualRevision} found); re-read and retry")
    {
        Key = key;
        ExpectedRevision = expectedRevision;
        ActualRevision = actualRevision;
    }

    /// <summary>The resource.</summary>
    public ResourceKey Key { get; }

    /// <summary>The revision the caller expected.</summary>
    public long ExpectedRevision { get; }

    /// <summary>The resource's current revision.</summary>
    public long ActualRevision { get; }
}
