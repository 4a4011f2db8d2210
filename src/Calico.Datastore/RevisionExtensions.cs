namespace Calico.Datastore;

/// <summary>Revision argument checks shared by every backend.</summary>
internal static class RevisionExtensions
{
    /// <summary>The check for <see cref="IDatastore.CompactAsync"/>.</summary>
    public static void ThrowIfNotCompactable(this long revision, long currentRevision)
    {
        if (revision < 0 || revision > currentRevision)
        {
            throw new ArgumentOutOfRangeException(
                nameof(revision),
                revision,
                $"Cannot compact to revision {revision}: the store's revision is {currentRevision}.");
        }
    }
}
