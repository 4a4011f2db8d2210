using System.Text;
using Calico.Datastore;

namespace Calico.Client.Migration;

/// <summary>
/// Splits the resources of an import into transactions the target accepts: all in one when it sets no limit
/// (SQLite, in-memory), else consecutive runs within <see cref="ITransactionLimits"/> (etcd: 128 operations, 1 MiB),
/// keeping their order. A resource larger than the byte limit goes alone (the target then decides).
/// </summary>
public static class ImportBatches
{
    public static IReadOnlyList<IReadOnlyList<ExportedResource>> Plan(IReadOnlyList<ExportedResource> resources, ITransactionLimits? limits)
    {
        ArgumentNullException.ThrowIfNull(resources);
        if (limits is null)
        {
            return resources.Count == 0 ? [] : [resources];
        }

        var batches = new List<IReadOnlyList<ExportedResource>>();
        var current = new List<ExportedResource>();
        long bytes = 0;
        foreach (var resource in resources)
        {
            var size = SizeOf(resource.Key) + Encoding.UTF8.GetByteCount(resource.Value);
            if (current.Count > 0 && (current.Count == limits.MaxOperationsPerTransaction || bytes + size > limits.MaxBytesPerTransaction))
            {
                batches.Add(current);
                current = [];
                bytes = 0;
            }

            current.Add(resource);
            bytes += size;
        }

        if (current.Count > 0)
        {
            batches.Add(current);
        }

        return batches;
    }

    /// <summary>A generous bound on the key's size in any backend (etcd adds its prefix and the plural).</summary>
    private static int SizeOf(ResourceKey key) =>
        128 + Encoding.UTF8.GetByteCount(key.Kind) + Encoding.UTF8.GetByteCount(key.Namespace ?? string.Empty) + Encoding.UTF8.GetByteCount(key.Name);
}
