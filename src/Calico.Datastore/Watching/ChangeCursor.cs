namespace Calico.Datastore.Watching;

/// <summary>
/// A position in a change log: after the change with <see cref="Sequence"/> (its index in its transaction) at
/// <see cref="Revision"/>. <see cref="long.MaxValue"/> as the sequence means "after all of that revision".
/// </summary>
internal readonly record struct ChangeCursor(long Revision, long Sequence) : IComparable<ChangeCursor>
{
    public static ChangeCursor AfterRevision(long revision) => new(revision, long.MaxValue);

    public bool IsWholeRevision => Sequence == long.MaxValue;

    public int CompareTo(ChangeCursor other)
    {
        var byRevision = Revision.CompareTo(other.Revision);
        return byRevision != 0 ? byRevision : Sequence.CompareTo(other.Sequence);
    }

    public static ChangeCursor Max(ChangeCursor a, ChangeCursor b) => a.CompareTo(b) >= 0 ? a : b;

    /// <summary>
    /// Throws when the changes after this position are gone because the log was compacted up to
    /// <paramref name="compactedRevision"/> (inclusive).
    /// </summary>
    public void ThrowIfCompacted(long compactedRevision)
    {
        if (CompareTo(AfterRevision(compactedRevision)) < 0)
        {
            throw new RevisionCompactedException(IsWholeRevision ? Revision : Revision - 1, compactedRevision);
        }
    }
}
