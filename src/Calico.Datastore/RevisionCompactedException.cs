namespace Calico.Datastore;

/// <summary>
/// A watch asked for changes that the change log no longer holds. The watcher must list again and watch from the
/// list's revision.
/// </summary>
public sealed class RevisionCompactedException : DatastoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="requestedRevision">The revision after which the watcher wanted changes.</param>
    /// <param name="compactedRevision">The revision up to which the change log was compacted.</param>
    public RevisionCompactedException(long requestedRevision, long compactedRevision)
        : base($"changes after revision {requestedRevision} are no longer available: the change log was compacted up to " +
            $"revision {compactedRevision}; list again and watch from the list's revision")
    {
        RequestedRevision = requestedRevision;
        CompactedRevision = compactedRevision;
    }

    /// <summary>The revision after which the watcher wanted changes.</summary>
    public long RequestedRevision { get; }

    /// <summary>The revision up to which the change log was compacted; watches may start here or later.</summary>
    public long CompactedRevision { get; }
}
