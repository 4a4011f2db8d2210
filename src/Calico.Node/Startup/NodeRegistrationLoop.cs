using System.Text.Json;
using System.Threading.Channels;
using Calico.Api;
using Calico.Datastore;
using Calico.Ipam;
using Microsoft.Extensions.Logging;

namespace Calico.Node.Startup;

/// <summary>
/// Keeps this node's registration current after start-up: watches IPPools and this node's own Node resource, and
/// re-runs a <see cref="NodeRegistration"/> pass after every change (a pool switching VXLAN on or off, someone wiping
/// the Node's fields), and every <c>resyncInterval</c> in case a change was missed. Changes arriving while a pass runs
/// fold into one more pass. A failing pass is logged and retried (1 s doubling to 30 s); the loop ends only when cancelled.
/// </summary>
internal sealed partial class NodeRegistrationLoop(NodeRegistration registration, IDatastore datastore, string nodeName, TimeSpan resyncInterval, ILogger logger, TimeProvider time)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>Runs until <paramref name="ct"/> is cancelled, then returns normally.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var trigger = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
        try
        {
            await Task.WhenAll(
                WatchAsync(ResourceKinds.IPPool.StoreKind, trigger.Writer, ct),
                WatchAsync(ResourceKinds.Node.StoreKind, trigger.Writer, ct),
                TickAsync(trigger.Writer, ct),
                ReconcileAsync(trigger.Reader, trigger.Writer, ct)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task WatchAsync(string kind, ChannelWriter<bool> trigger, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                var from = await datastore.GetRevisionAsync(ct).ConfigureAwait(false);
                trigger.TryWrite(true); // anything between the last pass and this watch's start
                await foreach (var change in datastore.WatchAsync(new WatchOptions(kind, AfterRevision: from), ct).ConfigureAwait(false))
                {
                    if (!string.Equals(kind, ResourceKinds.Node.StoreKind, StringComparison.Ordinal)
                        || string.Equals(change.Key.Name, nodeName, StringComparison.Ordinal))
                    {
                        trigger.TryWrite(true);
                    }
                }
            }
            catch (RevisionCompactedException)
            {
                // Start again from the current revision (with one pass, so nothing is missed).
            }
            catch (DatastoreException e)
            {
                LogWatchFailed(logger, kind, e.Message);
                await Task.Delay(RetryDelay, time, ct).ConfigureAwait(false);
            }
        }
    }

    private async Task TickAsync(ChannelWriter<bool> trigger, CancellationToken ct)
    {
        while (true)
        {
            await Task.Delay(resyncInterval, time, ct).ConfigureAwait(false);
            trigger.TryWrite(true);
        }
    }

    private async Task ReconcileAsync(ChannelReader<bool> reader, ChannelWriter<bool> trigger, CancellationToken ct)
    {
        var delay = RetryDelay;
        await foreach (var _ in reader.ReadAllAsync(ct).ConfigureAwait(false))
        {
            try
            {
                await registration.RegisterAsync(ct).ConfigureAwait(false);
                delay = RetryDelay;
            }
            catch (Exception e) when (e is NodeRegistrationException or DatastoreException or IpamException or JsonException)
            {
                LogPassFailed(logger, nodeName, delay.TotalSeconds, e.Message);
                await Task.Delay(delay, time, ct).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
                trigger.TryWrite(true);
            }
        }
    }

    [LoggerMessage(EventId = 320, Level = LogLevel.Warning, Message = "Node {Node}: keeping the registration current failed, retrying in {Seconds} s: {Reason}")]
    private static partial void LogPassFailed(ILogger logger, string node, double seconds, string reason);

    [LoggerMessage(EventId = 321, Level = LogLevel.Warning, Message = "Watch of {Kind} for the node registration failed, restarting: {Reason}")]
    private static partial void LogWatchFailed(ILogger logger, string kind, string reason);
}
