namespace Calico.Datastore;

/// <summary>
/// What one checked <see cref="TransactionOp"/> does: the resource it leaves (for a delete, the deleted resource)
/// and the change it logs. Backends persist it.
/// </summary>
internal sealed record PlannedWrite(StoredResource Result, WatchEvent Change);
