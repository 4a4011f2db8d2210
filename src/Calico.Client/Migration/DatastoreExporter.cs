using Calico.Datastore;

namespace Calico.Client.Migration;

/// <summary>
/// Exports every resource of a locked datastore, every kind it holds (IPAM blocks, handles, affinities and
/// configuration, ClusterInformation, kinds this build does not know), read as one snapshot.
/// </summary>
public static class DatastoreExporter
{
    /// <summary>Writes the export to <paramref name="output"/> and returns its header.</summary>
    /// <exception cref="MigrationException">The datastore is not locked, or cannot list everything it holds.</exception>
    public static async ValueTask<ExportHeader> ExportAsync(IDatastore source, TextWriter output, TimeProvider time, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(time);
        if (source is not IWholeStoreListing whole)
        {
            throw new MigrationException($"the {source.BackendName} datastore cannot list everything it holds, so it cannot be exported");
        }

        // As Calico's export does: only a locked datastore, so that IPAM (the CNI plugin) does not change it meanwhile
        // and the target starts locked too (the lock travels in ClusterInformation). Judged from the snapshot itself, so
        // that the lock and what is exported are read at the same revision.
        var all = await whole.ListAllAsync(ct).ConfigureAwait(false);
        if (!DatastoreLock.IsLocked(all.Items.FirstOrDefault(r => r.Key == DatastoreLock.Key)))
        {
            throw new MigrationException("the datastore is not locked; run `calicoctl datastore migrate lock` first, so that nothing changes it while it is exported");
        }

        var header = new ExportHeader(
            ExportFormat.Version,
            source.BackendName,
            all.Revision,
            time.GetUtcNow(),
            all.Items.Count,
            ExportChecksum.Compute(all.Items.Select(r => (r.Key, r.Value))));
        ExportFileWriter.Write(output, header, all.Items);
        return header;
    }
}
