using System.Runtime.CompilerServices;

namespace Calico.Datastore.Watching;

/// <summary>The watch loop every backend shares: read a batch, deliver it, wait for the revision to move.</summary>
internal static class ChangeSourceExtensions
{
    private const int BatchSize = 500;

    public static async IAsyncEnumerable<WatchEvent> StreamChangesAsync(
        this IChangeSource source,
        WatchOptions options,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var cursor = ChangeCursor.AfterRevision(options.AfterRevision);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var batch = await source.ReadChangesAsync(cursor, options, BatchSize, ct).ConfigureAwait(false);
            foreach (var change in batch.Events)
            {
                yield return change;
            }

            cursor = batch.Next;
            if (!batch.HasMore)
            {
                await source.WaitForRevisionAfterAsync(cursor.Revision, ct).ConfigureAwait(false);
            }
        }
    }
}
