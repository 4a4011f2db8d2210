using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Calico.Felix.Calc.Messages;
using Calico.Nftables;
using Microsoft.Extensions.Logging;

namespace Calico.Felix.Dataplane.Loop;

/// <summary>
/// Felix's internal dataplane loop: takes the calculation graph's batches, hands every message to every manager, lets
/// the managers record the desired state, and applies the table in one transaction per round. Never applies before
/// the first complete snapshot (so a restarted node keeps its old rules in force until it can replace them whole, in
/// one transaction), resyncs the table and the resyncing managers periodically, and retries a failed apply with
/// back-off (a failed transaction changed nothing, so the last programmed rules stay in force). The periodic resync
/// does not hold up batches: the table lists itself in the background (<see cref="ITable.StartBackgroundResync"/>)
/// while the loop goes on applying, and the loop applies once more when the listing is in, to repair any drift.
/// </summary>
public sealed partial class DataplaneLoop
{
    private readonly ITable _table;
    private readonly IReadOnlyList<IManager> _managers;
    private readonly IDataplaneObserver _observer;
    private readonly DataplaneLoopOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Histogram<double> _applyTime;
    private readonly Counter<long> _applyFailures;
    private readonly Counter<long> _messages;
    private readonly Counter<long> _resyncs;

    public DataplaneLoop(ITable table, IReadOnlyList<IManager> managers, IDataplaneObserver observer, DataplaneLoopOptions options, Meter meter, ILogger logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _table = table;
        _managers = managers;
        _observer = observer;
        _options = options;
        _logger = logger;
        _time = time;
        _applyTime = meter.CreateHistogram<double>("felix_int_dataplane_apply_time_seconds", "s", "Time to program one round of changes into the kernel (render and nftables transaction).");
        _applyFailures = meter.CreateCounter<long>("felix_int_dataplane_failures_total", description: "Dataplane applies that failed (nothing of a failed apply is programmed; it is retried).");
        _messages = meter.CreateCounter<long>("felix_int_dataplane_messages_total", description: "Messages received from the calculation graph.");
        _resyncs = meter.CreateCounter<long>("felix_int_dataplane_resyncs_total", description: "Periodic full resyncs of the table and routes.");
    }

    /// <summary>
    /// Programs what the managers render with no endpoint at all: the fail-closed skeleton (every cali* interface
    /// dropped). Call it at start only when the kernel has no table yet; a restarted node keeps its old table instead.
    /// </summary>
    public async ValueTask ProgramSkeletonAsync(CancellationToken cancellationToken)
    {
        foreach (var manager in _managers)
        {
            await manager.CompleteDeferredWorkAsync(cancellationToken).ConfigureAwait(false);
        }

        await _table.ApplyAsync(cancellationToken).ConfigureAwait(false);
        LogSkeleton(_logger);
    }

    /// <summary>Runs until <paramref name="batches"/> completes or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(ChannelReader<DataplaneBatch> batches, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var inSync = false;
        var dirty = false;
        long revision = 0;
        var retryDelay = _options.RetryDelay;
        var nextResync = _time.GetUtcNow() + _options.ResyncInterval;
        DateTimeOffset? retryAt = null;
        Task<bool>? waiting = null;
        Task? listing = null;
        while (true)
        {
            // Wait for a batch, the next resync, the retry of a failed apply, or a background listing, whichever comes first.
            waiting ??= batches.WaitToReadAsync(cancellationToken).AsTask();
            var deadline = retryAt is { } retry && retry < nextResync ? retry : nextResync;
            var delay = deadline - _time.GetUtcNow();
            if (delay > TimeSpan.Zero && !waiting.IsCompleted && listing is not { IsCompleted: true })
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var sleep = Task.Delay(delay, _time, timeout.Token);
                await (listing is null ? Task.WhenAny(waiting, sleep) : Task.WhenAny(waiting, sleep, listing)).ConfigureAwait(false);
                await timeout.CancelAsync().ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (waiting.IsCompleted)
            {
                if (!await waiting.ConfigureAwait(false))
                {
                    return;
                }

                waiting = null;
                while (batches.TryRead(out var batch))
                {
                    foreach (var message in batch.Messages)
                    {
                        inSync |= message is DatastoreInSync;
                        foreach (var manager in _managers)
                        {
                            manager.OnUpdate(message);
                        }
                    }

                    _messages.Add(batch.Messages.Count);
                    revision = Math.Max(revision, batch.Revision);
                    dirty = true;
                }
            }

            if (listing is { IsCompleted: true })
            {
                listing = null;
                dirty = true; // the next apply repairs whatever the listing found
            }

            if (!inSync)
            {
                continue;
            }

            var now = _time.GetUtcNow();
            if (now >= nextResync)
            {
                nextResync = now + _options.ResyncInterval;
                listing = _table.StartBackgroundResync(cancellationToken);
                foreach (var manager in _managers)
                {
                    (manager as IResyncingManager)?.RequestResync();
                }

                _resyncs.Add(1);
                dirty = true;
            }

            if (!dirty || (retryAt is { } pending && now < pending))
            {
                continue;
            }

            if (await TryApplyAsync(revision, cancellationToken).ConfigureAwait(false))
            {
                dirty = false;
                retryAt = null;
                retryDelay = _options.RetryDelay;
            }
            else
            {
                retryAt = _time.GetUtcNow() + retryDelay;
                retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, _options.MaxRetryDelay.Ticks));
            }
        }
    }

    private async ValueTask<bool> TryApplyAsync(long revision, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            foreach (var manager in _managers)
            {
                await manager.CompleteDeferredWorkAsync(cancellationToken).ConfigureAwait(false);
            }

            var result = await _table.ApplyAsync(cancellationToken).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started);
            _applyTime.Record(elapsed.TotalSeconds);
            LogApplied(_logger, revision, elapsed.TotalMilliseconds, result.ToString());
            _observer.OnProgrammed(revision, inSync: true);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _applyFailures.Add(1);
            _table.InvalidateDataplaneCache();
            LogApplyFailed(_logger, e);
            _observer.OnApplyFailed(e);
            return false;
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Programmed the fail-closed skeleton (no table was present)")]
    private static partial void LogSkeleton(ILogger logger);

    [LoggerMessage(EventId = 301, Level = LogLevel.Debug, Message = "Dataplane programmed up to revision {Revision} in {Milliseconds:F1} ms: {Result}")]
    private static partial void LogApplied(ILogger logger, long revision, double milliseconds, string result);

    [LoggerMessage(EventId = 302, Level = LogLevel.Error, Message = "Dataplane apply failed; the last programmed rules stay in force and it will be retried")]
    private static partial void LogApplyFailed(ILogger logger, Exception error);
}
