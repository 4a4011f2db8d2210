using Calico.Datastore;

namespace Calico.Client.Migration;

/// <summary>
/// Imports a validated export into an empty datastore, all or nothing.
/// </summary>
/// <remarks>
/// <para>Refuses a target that holds anything, naming what is there.</para>
/// <para>Writes ClusterInformation "default" first: the export's copy says <c>datastoreReady: false</c>, so IPAM on the
/// target refuses to write from the first transaction on, until <c>calicoctl datastore migrate unlock</c>. The other
/// resources follow in the file's order, as creates.</para>
/// <para>A target without transaction limits (SQLite) gets one transaction: all or nothing by the store's contract. A
/// limited target (etcd) gets consecutive transactions (<see cref="ImportBatches"/>); if one fails (or its outcome is
/// unknown), every resource of this import found on the target with the imported value is deleted again, at the
/// revision it is found at, so the target is left as it was: empty. The result is checked and the error says either
/// "rolled back" or exactly what is left.</para>
/// </remarks>
public sealed class DatastoreImporter(IDatastore target)
{
    private const int ListedInMessage = 10;

    /// <exception cref="MigrationException">The target is not empty, or the import failed (and was rolled back).</exception>
    public async ValueTask<ImportResult> ImportAsync(ExportFile file, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (target is not IWholeStoreListing whole)
        {
            throw new MigrationException($"the {target.BackendName} datastore cannot list everything it holds, so an import cannot check that it is empty");
        }

        var existing = await whole.ListAllAsync(ct).ConfigureAwait(false);
        if (existing.Items.Count > 0)
        {
            throw new MigrationException($"the target datastore ({target.BackendName}) is not empty: it holds {Describe(existing.Items)}; import only into an empty datastore");
        }

        var ordered = file.Resources.Where(r => r.Key == DatastoreLock.Key).Concat(file.Resources.Where(r => r.Key != DatastoreLock.Key)).ToList();
        var batches = ImportBatches.Plan(ordered, target as ITransactionLimits);
        var revision = existing.Revision;
        for (var i = 0; i < batches.Count; i++)
        {
            var batch = batches[i];
            try
            {
                var results = await target.CommitAsync([.. batch.Select(r => new TransactionOp.Create(r.Key, r.Value))], ct).ConfigureAwait(false);
                revision = results.Count > 0 ? results[0].Revision : revision;
            }
            catch (Exception e) when (e is DatastoreException or OperationCanceledException or ArgumentException)
            {
                var failed = DescribeFailure(e, batch, i, batches.Count);
                var rollback = i == 0 && e is not DatastoreUnavailableException
                    ? "nothing was written"
                    : await RollBackAsync(whole, ordered).ConfigureAwait(false);
                throw new MigrationException($"import failed: {failed}; {rollback}", e);
            }
        }

        return new ImportResult(ordered.Count, batches.Count, revision);
    }

    private static string DescribeFailure(Exception e, IReadOnlyList<ExportedResource> batch, int index, int count)
    {
        var where = e is DatastoreException { OperationIndex: int op } && op < batch.Count ? $" at document {batch[op].Document} ({batch[op].Key})" : string.Empty;
        var what = e is OperationCanceledException ? "cancelled" : e.Message;
        return count == 1 ? $"{what}{where}" : $"transaction {index + 1} of {count} (documents {batch[0].Document}–{batch[^1].Document}){where}: {what}";
    }

    /// <summary>Deletes what this import wrote (found with the imported value), then checks what is left.</summary>
    private async ValueTask<string> RollBackAsync(IWholeStoreListing whole, IReadOnlyList<ExportedResource> imported)
    {
        // Not cancellable: the user's cancellation must not leave half an import behind.
        var ct = CancellationToken.None;
        var ours = imported.ToDictionary(r => r.Key, r => r.Value);
        try
        {
            var present = (await whole.ListAllAsync(ct).ConfigureAwait(false)).Items
                .Where(r => ours.TryGetValue(r.Key, out var value) && string.Equals(value, r.Value, StringComparison.Ordinal))
                .ToList();

            // Delete in reverse order, ClusterInformation (the lock) last, within the target's operation limit (deletions
            // carry only keys, far below its byte limit).
            present.Reverse();
            var perTransaction = (target as ITransactionLimits)?.MaxOperationsPerTransaction ?? Math.Max(present.Count, 1);
            foreach (var batch in present.Chunk(perTransaction))
            {
                await target.CommitAsync([.. batch.Select(r => new TransactionOp.Delete(r.Key, r.Revision))], ct).ConfigureAwait(false);
            }

            var left = (await whole.ListAllAsync(ct).ConfigureAwait(false)).Items;
            return left.Count == 0
                ? $"rolled back the {present.Count} resource(s) already written: the target is empty again"
                : $"rolled back the {present.Count} resource(s) this import wrote, but the target holds {Describe(left)} written by someone else meanwhile";
        }
        catch (Exception e) when (e is DatastoreException or ArgumentException)
        {
            return $"rolling back failed too ({e.Message}): the target holds part of the import, locked (ClusterInformation \"default\" has datastoreReady: false), " +
                "so nothing uses it; empty it (etcd: etcdctl del --prefix /calico/resources/v3/projectcalico.org/; SQLite: remove the file) before importing again";
        }
    }

    private static string Describe(IReadOnlyList<StoredResource> items)
    {
        var byKind = items.GroupBy(r => r.Key.Kind, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}");
        var first = items.Take(ListedInMessage).Select(r => r.Key.ToString());
        var more = items.Count > ListedInMessage ? ", …" : string.Empty;
        return $"{items.Count} resource(s) ({string.Join(", ", byKind)}): {string.Join(", ", first)}{more}";
    }
}
