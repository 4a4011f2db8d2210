using System.Runtime.CompilerServices;
using Calico.Api;
using Calico.Client.Syncing;
using Calico.Datastore;
using Calico.Typha.Protocol;
using Microsoft.Extensions.Logging;

namespace Calico.Typha.Client;

/// <summary>
/// The same <see cref="SyncUpdate"/> stream as <see cref="ResourceSyncer"/>, from a Typha: the snapshot,
/// <see cref="InSync"/>, then changes, each stored text decoded with the same codec. When the connection ends (the
/// server went away or silent, dropped us as too slow, or shed us to rebalance) it reconnects to the next address,
/// with back-off, and reports <see cref="Resyncing"/>, then only what differs from what it reported before
/// (including deletions of keys missing from the new snapshot), then <see cref="InSync"/>: a consumer sees no
/// spurious churn.
/// </summary>
public sealed partial class TyphaSyncSource : ISyncSource
{
    private readonly TyphaClientOptions _options;
    private readonly SyncerType _syncerType;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, ResourceKind> _kinds;
    // What was last reported per key, as a digest of its stored text (as ResourceSyncer does).
    private readonly Dictionary<ResourceKey, UInt128> _known = [];
    private int _connections;

    public TyphaSyncSource(TyphaClientOptions options, SyncerType syncerType, ILogger logger, TimeProvider time)
    {
        if (options.Addresses.Count == 0)
        {
            throw new ArgumentException("at least one Typha address is needed", nameof(options));
        }

        _options = options;
        _syncerType = syncerType;
        _logger = logger;
        _time = time;
        _kinds = SyncerKinds.For(syncerType).ToDictionary(k => k.StoreKind, StringComparer.Ordinal);
    }

    /// <summary>Connections established so far (tests and logs).</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>The Typha of the current (or last) connection.</summary>
    public TyphaAddress? CurrentAddress { get; private set; }

    public async IAsyncEnumerable<SyncUpdate> RunAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        var index = Random.Shared.Next(_options.Addresses.Count);
        var backoff = _options.InitialBackoff;
        string? reason = null;
        while (true)
        {
            var address = _options.Addresses[index];
            index = (index + 1) % _options.Addresses.Count;
            TyphaConnection connection;
            try
            {
                connection = await TyphaConnection.ConnectAsync(address, _syncerType, _options, ct).ConfigureAwait(false);
            }
            catch (TyphaConnectionException e)
            {
                LogConnectFailed(_logger, e.Message, backoff.TotalSeconds);
                await Task.Delay(backoff, _time, ct).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
                continue;
            }

            CurrentAddress = address;
            LogConnected(_logger, address.ToString(), SyncerKinds.Name(_syncerType), connection.ServerVersion);
            var first = Interlocked.Increment(ref _connections) == 1;
            var synced = false;
            await using (connection.ConfigureAwait(false))
            {
                if (!first)
                {
                    yield return new Resyncing(reason ?? "reconnected to Typha");
                }

                // Keys the new snapshot has, until it is complete: known keys it lacks were deleted meanwhile.
                var seen = new HashSet<ResourceKey>();
                while (true)
                {
                    var (message, error) = await ReadAsync(connection).ConfigureAwait(false);
                    if (message is null)
                    {
                        reason = error;
                        break;
                    }

                    if (message is Goodbye goodbye)
                    {
                        reason = $"Typha {address} ended the connection: {goodbye.Reason}: {goodbye.Detail}";
                        break;
                    }

                    if (message is KvBatch batch)
                    {
                        foreach (var kv in batch.Kvs)
                        {
                            if (!synced)
                            {
                                if (kv.IsDeletion)
                                {
                                    seen.Remove(kv.Key);
                                }
                                else
                                {
                                    seen.Add(kv.Key);
                                }
                            }

                            if (Apply(kv) is { } update)
                            {
                                yield return update;
                            }
                        }
                    }
                    else if (message is SyncStatus { InSync: true } status && !synced)
                    {
                        synced = true;
                        foreach (var gone in _known.Keys.Where(k => !seen.Contains(k)).ToList())
                        {
                            _known.Remove(gone);
                            if (_kinds.TryGetValue(gone.Kind, out var kind))
                            {
                                yield return new ResourceDeleted(kind, gone, status.Revision);
                            }
                        }

                        seen = [];
                        backoff = _options.InitialBackoff;
                        yield return new InSync(status.Revision);
                    }
                }
            }

            LogDisconnected(_logger, address.ToString(), reason ?? "closed");
            if (!synced)
            {
                await Task.Delay(backoff, _time, ct).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
            }
        }
    }

    private static async ValueTask<(TyphaMessage? Message, string? Error)> ReadAsync(TyphaConnection connection)
    {
        try
        {
            return (await connection.ReadAsync().ConfigureAwait(false), $"Typha {connection.Address} closed the connection");
        }
        catch (TyphaConnectionException e)
        {
            return (null, e.Message);
        }
    }

    private SyncUpdate? Apply(TyphaKv kv)
    {
        if (!_kinds.TryGetValue(kv.Key.Kind, out var kind))
        {
            return null;
        }

        if (kv.Value is null)
        {
            return _known.Remove(kv.Key) ? new ResourceDeleted(kind, kv.Key, kv.Revision) : null;
        }

        var digest = StoredResourceFollower.Digest(kv.Value);
        if (_known.TryGetValue(kv.Key, out var previous) && previous == digest)
        {
            return null;
        }

        _known[kv.Key] = digest;
        return ResourceSyncer.Decode(kind, kv.Key, kv.Value, kv.Revision);
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Connected to Typha {Address} for the {Syncer} syncer (server {Version})")]
    private static partial void LogConnected(ILogger logger, string address, string syncer, string version);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Cannot connect to Typha: {Error}; trying the next address in {Seconds}s")]
    private static partial void LogConnectFailed(ILogger logger, string error, double seconds);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Lost Typha {Address}: {Reason}; reconnecting")]
    private static partial void LogDisconnected(ILogger logger, string address, string reason);
}
