using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Calico.Felix.Calc.Messages;
using Calico.Felix.Dataplane.Loop;
using Calico.Felix.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Calico.Node.Tests.Felix;

public sealed class DataplaneLoopTests : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);
    private readonly Meter _meter = new("Calico.Test.DataplaneLoop");
    private readonly CountingTable _table = new();
    private readonly CountingManager _manager = new();
    private readonly RecordingObserver _observer = new();
    private readonly Channel<DataplaneBatch> _batches = Channel.CreateUnbounded<DataplaneBatch>();
    private readonly CancellationTokenSource _stop = new();

    public void Dispose()
    {
        _stop.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public async Task Run_BatchesBeforeInSync_AppliesNothingUntilTheSnapshotIsComplete()
    {
        var loop = Start(new DataplaneLoopOptions());

        await _batches.Writer.WriteAsync(new DataplaneBatch([new IpPoolRemove("a")], 5));
        await WaitUntilAsync(() => _manager.Messages.Count == 1);
        await Task.Delay(200);
        Assert.Equal(0, _table.Applies);
        Assert.Empty(_observer.Programmed);

        await _batches.Writer.WriteAsync(new DataplaneBatch([new DatastoreInSync()], 7));
        await WaitUntilAsync(() => _table.Applies == 1);

        Assert.Equal([7L], _observer.Programmed);
        Assert.True(_manager.Completions >= 1);
        await StopAsync(loop);
    }

    [Fact]
    public async Task Run_AfterInSync_EachBatchIsAppliedAndItsRevisionReported()
    {
        var loop = Start(new DataplaneLoopOptions());
        await _batches.Writer.WriteAsync(new DataplaneBatch([new DatastoreInSync()], 3));
        await WaitUntilAsync(() => _observer.Programmed.Contains(3));

        await _batches.Writer.WriteAsync(new DataplaneBatch([new IpPoolRemove("a")], 9));
        await WaitUntilAsync(() => _observer.Programmed.Contains(9));

        Assert.True(_table.Applies >= 2);
        await StopAsync(loop);
    }

    [Fact]
    public async Task Run_ResyncIntervalElapses_StartsABackgroundResyncAndAsksManagersToResync()
    {
        var loop = Start(new DataplaneLoopOptions { ResyncInterval = TimeSpan.FromMilliseconds(100) });
        await _batches.Writer.WriteAsync(new DataplaneBatch([new DatastoreInSync()], 1));

        await WaitUntilAsync(() => _table.BackgroundResyncs >= 2 && _manager.ResyncRequests >= 2 && _table.Applies >= 3);

        Assert.Equal(0, _table.Invalidations);
        await StopAsync(loop);
    }

    [Fact]
    public async Task Run_BatchWhileTheBackgroundListingRuns_AppliedWithoutWaitingForItThenAppliedOnceMoreWhenItIsIn()
    {
        var clock = new SteppedClock();
        var loop = Start(new DataplaneLoopOptions { ResyncInterval = TimeSpan.FromMinutes(1) }, clock);
        await _batches.Writer.WriteAsync(new DataplaneBatch([new DatastoreInSync()], 1));
        await WaitUntilAsync(() => _observer.Programmed.Count == 1);

        clock.Advance(TimeSpan.FromMinutes(1));
        await WaitUntilAsync(() => _table.BackgroundResyncs == 1 && _observer.Programmed.Count == 2);
        await _batches.Writer.WriteAsync(new DataplaneBatch([new IpPoolRemove("a")], 2));
        await WaitUntilAsync(() => _observer.Programmed.Contains(2));
        Assert.Equal([1L, 1L, 2L], _observer.Programmed);   // the listing is still outstanding: the test holds it

        _table.CompleteListing();
        await WaitUntilAsync(() => _observer.Programmed.Count == 4);

        Assert.Equal([1L, 1L, 2L, 2L], _observer.Programmed);   // no batch, no tick: the apply that takes in the listing
        Assert.Equal(1, _table.BackgroundResyncs);
        Assert.Equal(0, _table.Invalidations);
        await StopAsync(loop);
    }

    [Fact]
    public async Task Run_ApplyFails_ReportsTheFailureKeepsTheOldRevisionAndRetries()
    {
        var loop = Start(new DataplaneLoopOptions { RetryDelay = TimeSpan.FromMilliseconds(20) });
        await _batches.Writer.WriteAsync(new DataplaneBatch([new DatastoreInSync()], 1));
        await WaitUntilAsync(() => _observer.Programmed.Contains(1));
        _table.FailNext(2);

        await _batches.Writer.WriteAsync(new DataplaneBatch([new IpPoolRemove("a")], 2));
        await WaitUntilAsync(() => _observer.Failures.Count == 2);
        await WaitUntilAsync(() => _observer.Programmed.Contains(2));

        Assert.Equal([1L, 2L], _observer.Programmed);
        Assert.True(_table.Invalidations >= 2, "a failed apply makes the next one a resync");
        await StopAsync(loop);
    }

    [Fact]
    public async Task ProgramSkeleton_AppliesWhatTheManagersRecordWithoutAnyMessage()
    {
        var loop = new DataplaneLoop(_table, [_manager], _observer, new DataplaneLoopOptions(), _meter, NullLogger.Instance, TimeProvider.System);

        await loop.ProgramSkeletonAsync(CancellationToken.None);

        Assert.Equal(1, _table.Applies);
        Assert.Equal(1, _manager.Completions);
        Assert.Empty(_manager.Messages);
    }

    [Fact]
    public async Task Run_BatchesCompleted_ReturnsCleanly()
    {
        var loop = Start(new DataplaneLoopOptions());
        _batches.Writer.Complete();

        await loop.WaitAsync(s_wait);
    }

    private Task Start(DataplaneLoopOptions options, TimeProvider? time = null)
    {
        var loop = new DataplaneLoop(_table, [_manager], _observer, options, _meter, NullLogger.Instance, time ?? TimeProvider.System);
        return loop.RunAsync(_batches.Reader, _stop.Token);
    }

    private async Task StopAsync(Task loop)
    {
        await _stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop.WaitAsync(s_wait));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + s_wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the dataplane loop did not get there in time");
            await Task.Delay(10);
        }
    }
}
