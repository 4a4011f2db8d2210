namespace Calico.Datastore;

/// <summary>One operation of an all-or-nothing <see cref="IDatastore.CommitAsync"/>.</summary>
/// <param name="Key">The resource the operation acts on. A transaction may touch each key only once.</param>
public abstract record TransactionOp(ResourceKey Key)
{
    /// <summary>Creates <paramref name="Key"/>; fails if it exists.</summary>
    public sealed record Create(ResourceKey Key, string Value) : TransactionOp(Key);

    /// <summary>
    /// Replaces the value of <paramref name="Key"/>; fails if it does not exist, or if
    /// <paramref name="ExpectedRevision"/> is set and differs from the resource's current revision.
    /// </summary>
    public sealed record Update(ResourceKey Key, string Value, long? ExpectedRevision = null) : TransactionOp(Key);

    /// <summary>
    /// Deletes <paramref name="Key"/>; fails if it does not exist, or if <paramref name="ExpectedRevision"/> is set
    /// and differs from the resource's current revision.
    /// </summary>
    public sealed record Delete(ResourceKey Key, long? ExpectedRevision = null) : TransactionOp(Key);
}
