using System.Runtime.CompilerServices;
using Calico.Datastore.Etcd.Protocol;

namespace Calico.Datastore.Etcd;

/// <summary>
/// One <see cref="IDatastore.WatchAsync"/> on etcd: an etcd watch of the narrowest key prefix the options allow, from
/// the revision after the last delivered one. When the stream breaks (member killed, leader change, connection
/// reset) it reopens on the next member from that same revision, so nothing is lost or repeated.
/// </summary>
/// <remarks>
/// etcd sends every event of one revision in the same response (it batches by revision), so a response is either
/// delivered whole or not received, and the resume point is the revision after the last received one.
/// <para>
/// The etcd watch starts one revision early, at the last delivered revision itself, and drops that revision's events:
/// etcd reports a watch as compacted when its start is below the compaction revision, while the contract's watch
/// after revision <c>a</c> is compacted when <c>a</c> is below it (compacting to <c>r</c> drops the changes of
/// <c>r</c> too). Starting at <c>a</c> makes etcd's check exactly the contract's, and its compact_revision is the
/// contract's compacted revision.
/// </para>
/// </remarks>
internal sealed class EtcdWatch(EtcdGrpcConnection connection, EtcdKeyCodec codec, long revisionBase, WatchOptions options)
{
    private const string WatchMethod = "/etcdserverpb.Watch/Watch";
    private static readonly TimeSpan _maxReconnectDelay = TimeSpan.FromSeconds(1);

    public async IAsyncEnumerable<WatchEvent> RunAsync(CancellationToken disposing, [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(disposing, ct);
        var token = linked.Token;
        var prefix = codec.Prefix(options.Kind, options.Kind is null ? null : options.Namespace);
        var after = options.AfterRevision;
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var create = new WatchCreateRequest
            {
                Key = prefix,
                RangeEnd = EtcdKeyCodec.RangeEnd(prefix),
                StartRevision = Math.Max(1, after + revisionBase),
                PrevKv = true,
            };
            var endpoint = connection.CurrentEndpoint;
            var call = await OpenAsync(create, token).ConfigureAwait(false);
            if (call is null)
            {
                connection.MoveOn(endpoint);
                await DelayAsync(delay, token).ConfigureAwait(false);
                delay = Min(delay * 2, _maxReconnectDelay);
                continue;
            }

            await using (call.ConfigureAwait(false))
            {
                while (true)
                {
                    var response = await ReadAsync(call, token).ConfigureAwait(false);
                    if (response is null)
                    {
                        break;
                    }

                    delay = TimeSpan.FromMilliseconds(20);
                    if (response.CompactRevision != 0)
                    {
                        throw new RevisionCompactedException(after, response.CompactRevision - revisionBase);
                    }

                    if (response.Canceled)
                    {
                        throw new DatastoreException($"etcd cancelled the watch: {response.CancelReason}");
                    }

                    var delivered = after;
                    foreach (var change in response.Events)
                    {
                        var revision = change.Kv.ModRevision - revisionBase;
                        if (revision <= delivered)
                        {
                            continue;
                        }

                        if (ToWatchEvent(change, revision) is { } watchEvent)
                        {
                            yield return watchEvent;
                        }

                        after = revision;
                    }
                }
            }

            // The stream broke: resume on the next member from the first revision not yet delivered.
            connection.MoveOn(endpoint);
            await DelayAsync(delay, token).ConfigureAwait(false);
            delay = Min(delay * 2, _maxReconnectDelay);
        }
    }

    private WatchEvent? ToWatchEvent(Event change, long revision)
    {
        if (codec.Decode(change.Kv.Key) is not { } key || !options.Matches(key))
        {
            return null;
        }

        var previous = change.PrevKv is null ? null : EtcdKeyCodec.Utf8(change.PrevKv.Value);
        return change.Type == Event.Types.EventType.Delete
            ? new WatchEvent(WatchEventType.Deleted, key, null, previous, revision)
            : change.Kv.CreateRevision == change.Kv.ModRevision
                ? new WatchEvent(WatchEventType.Added, key, EtcdKeyCodec.Utf8(change.Kv.Value), null, revision)
                : new WatchEvent(WatchEventType.Modified, key, EtcdKeyCodec.Utf8(change.Kv.Value), previous, revision);
    }

    /// <summary>Opens the watch on the current member; <see langword="null"/> if the member cannot be reached.</summary>
    private async ValueTask<GrpcStreamingCall?> OpenAsync(WatchCreateRequest create, CancellationToken ct)
    {
        try
        {
            return await connection.OpenStreamAsync(WatchMethod, new WatchRequest { CreateRequest = create }, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (IsBrokenStream(e, ct))
        {
            return null;
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            throw new OperationCanceledException(ct);
        }
    }

    /// <summary>Reads the next response; <see langword="null"/> when the stream broke or ended.</summary>
    private static async ValueTask<WatchResponse?> ReadAsync(GrpcStreamingCall call, CancellationToken ct)
    {
        try
        {
            var response = await call.ResponseStream.ReadGrpcMessageAsync(WatchResponse.Parser, ct).ConfigureAwait(false);
            if (response is null && call.TrailerStatus() is { } status && !IsBrokenStream(status, ct))
            {
                throw status;
            }

            return response;
        }
        catch (Exception e) when (IsBrokenStream(e, ct))
        {
            return null;
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            throw new OperationCanceledException(ct);
        }
    }

    private static bool IsBrokenStream(Exception e, CancellationToken ct) =>
        !ct.IsCancellationRequested &&
        e is HttpRequestException or IOException or ObjectDisposedException or EtcdRpcException { StatusCode: EtcdRpcException.Unavailable };

    private static async ValueTask DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new OperationCanceledException(ct);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
