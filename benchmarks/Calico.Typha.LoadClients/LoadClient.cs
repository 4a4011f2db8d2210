using Calico.Typha.Client;
using Calico.Typha.Protocol;

namespace Calico.Typha.LoadClients;

/// <summary>
/// One Typha client (the <c>felix</c> syncer) on a <see cref="TyphaConnection"/>: counts the snapshot, notes when the
/// in-sync marker arrives, then reports every change it receives to the <see cref="DeliveryTracker"/>. Async only: no
/// thread of its own. With <see cref="TyphaClientOptions.InflateSnapshot"/> off it takes a compressed snapshot's
/// frames as they come (counting their bytes) without inflating them: thousands of clients in one process on two
/// cores cannot each inflate 90 MB, which every real client does on its own node.
/// </summary>
internal sealed class LoadClient(int index, TyphaAddress address, TyphaClientOptions options, DeliveryTracker tracker)
{
    private const int MaxConnectAttempts = 20;
    private readonly TaskCompletionSource _inSync = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the in-sync marker; faults if the client fails before.</summary>
    public Task InSync => _inSync.Task;

    public long InSyncAtNanoseconds { get; private set; }

    public int SnapshotKvs { get; private set; }

    public long SnapshotBytes { get; private set; }

    /// <summary>Bytes of compressed snapshot frames received (0 for a plain snapshot).</summary>
    public long CompressedBytes { get; private set; }

    /// <summary>What the compressed frames inflate to, as they announce it (counted whether inflated here or not).</summary>
    public long InflatedBytes { get; private set; }

    public bool Inflates => options.InflateSnapshot;

    public int ConnectAttempts { get; private set; }

    /// <summary>Runs until <paramref name="ct"/> is cancelled (normal end) or the connection fails (exception).</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await ConnectAsync(ct).ConfigureAwait(false);
            var inSync = false;
            while (await connection.ReadAsync().ConfigureAwait(false) is { } message)
            {
                switch (message)
                {
                    case CompressedFrames frames:
                        CompressedBytes += frames.Deflated.Length;
                        InflatedBytes += frames.InflatedBytes;
                        break;
                    case KvBatch batch when !inSync:
                        SnapshotKvs += batch.Kvs.Count;
                        foreach (var kv in batch.Kvs)
                        {
                            SnapshotBytes += kv.Value?.Length ?? 0;
                        }

                        break;
                    case KvBatch batch:
                        foreach (var kv in batch.Kvs)
                        {
                            tracker.Record(index, kv.Revision);
                        }

                        break;
                    case SyncStatus { InSync: true } when !inSync:
                        inSync = true;
                        InSyncAtNanoseconds = MonotonicClock.NowNanoseconds();
                        _inSync.TrySetResult();
                        break;
                    case Goodbye goodbye:
                        throw new TyphaConnectionException($"client {index}: Typha said goodbye: {goodbye.Reason}: {goodbye.Detail}");
                }
            }

            throw new TyphaConnectionException($"client {index}: Typha closed the connection");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            _inSync.TrySetCanceled(ct);
        }
        catch (Exception e)
        {
            _inSync.TrySetException(e);
            throw;
        }
    }

    private async Task<TyphaConnection> ConnectAsync(CancellationToken ct)
    {
        while (true)
        {
            ConnectAttempts++;
            try
            {
                return await TyphaConnection.ConnectAsync(address, SyncerType.Felix, options, ct).ConfigureAwait(false);
            }
            catch (TyphaConnectionException) when (ConnectAttempts < MaxConnectAttempts)
            {
                // A full accept backlog: try again, as TyphaSyncSource would (after a shorter pause).
                await Task.Delay(TimeSpan.FromMilliseconds(50 * ConnectAttempts), ct).ConfigureAwait(false);
            }
        }
    }
}
