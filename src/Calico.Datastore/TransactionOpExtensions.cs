namespace Calico.Datastore;

/// <summary>Argument checks for <see cref="IDatastore.CommitAsync"/>, shared by every backend.</summary>
internal static class TransactionOpExtensions
{
    public static void ThrowIfInvalid(this IReadOnlyList<TransactionOp> ops, string paramName)
    {
        ArgumentNullException.ThrowIfNull(ops, paramName);
        var seen = new HashSet<ResourceKey>();
        for (var i = 0; i < ops.Count; i++)
        {
            var op = ops[i] ?? throw new ArgumentException($"Transaction operation {i} is null.", paramName);
            op.Key.ThrowIfInvalid(paramName);
            var value = op switch
            {
                TransactionOp.Create create => create.Value,
                TransactionOp.Update update => update.Value,
                TransactionOp.Delete => string.Empty,
                _ => throw new ArgumentException($"Transaction operation {i} has an unknown type {op.GetType().Name}.", paramName),
            };
            if (value is null)
            {
                throw new ArgumentException($"Transaction operation {i} ({op.Key}) has a null value.", paramName);
            }

            if (!seen.Add(op.Key))
            {
                throw new ArgumentException($"A transaction may touch each resource once; {op.Key} appears again at operation {i}.", paramName);
            }
        }
    }

    /// <summary>
    /// Checks <paramref name="op"/> against the resource's current state and works out what it writes at
    /// <paramref name="revision"/>. Every backend uses this, so they agree on when an operation fails.
    /// </summary>
    /// <param name="op">The operation.</param>
    /// <param name="current">The resource as stored before the transaction, or <see langword="null"/>.</param>
    /// <param name="revision">The transaction's revision.</param>
    /// <param name="operationIndex">The operation's index, reported on failure; <see langword="null"/> outside a transaction.</param>
    public static PlannedWrite Plan(this TransactionOp op, StoredResource? current, long revision, int? operationIndex)
    {
        switch (op)
        {
            case TransactionOp.Create create:
                if (current is not null)
                {
                    throw new ResourceAlreadyExistsException(op.Key) { OperationIndex = operationIndex };
                }

                return new PlannedWrite(
                    new StoredResource(op.Key, create.Value, revision, revision),
                    new WatchEvent(WatchEventType.Added, op.Key, create.Value, null, revision));

            case TransactionOp.Update update:
                var updated = CheckExisting(op.Key, current, update.ExpectedRevision, operationIndex);
                return new PlannedWrite(
                    new StoredResource(op.Key, update.Value, revision, updated.CreateRevision),
                    new WatchEvent(WatchEventType.Modified, op.Key, update.Value, updated.Value, revision));

            case TransactionOp.Delete delete:
                var deleted = CheckExisting(op.Key, current, delete.ExpectedRevision, operationIndex);
                return new PlannedWrite(
                    deleted with { Revision = revision },
                    new WatchEvent(WatchEventType.Deleted, op.Key, null, deleted.Value, revision));

            default:
                throw new ArgumentException($"Unknown transaction operation type {op.GetType().Name}.", nameof(op));
        }
    }

    private static StoredResource CheckExisting(ResourceKey key, StoredResource? current, long? expectedRevision, int? operationIndex)
    {
        if (current is null)
        {
            throw new ResourceNotFoundException(key) { OperationIndex = operationIndex };
        }

        if (expectedRevision is long expected && expected != current.Revision)
        {
            throw new RevisionConflictException(key, expected, current.Revision) { OperationIndex = operationIndex };
        }

        return current;
    }
}
