using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Calico.Datastore;
using Calico.Typha.Cache;
using Calico.Typha.Protocol;
using Microsoft.Extensions.Logging;

namespace Calico.Typha.Server;

/// <summary>
/// A Typha: one datastore follower (<see cref="DatastoreFeed"/>) keeping one <see cref="SnapshotCache"/> per syncer
/// type, a TCP listener (optionally TLS with client certificates), one <see cref="SyncConnection"/> per client, and one
/// housekeeping timer for pings, timeouts, fall-behind and connection rebalancing.
/// </summary>
/// <remarks>
/// <code>
/// IDatastore ─► StoredResourceFollower ─► DatastoreFeed ─┬─► SnapshotCache(felix) ─► crumb ─► crumb ─► … ◄─ SyncConnection × N
///                (list + watch, raw text)  (batches)      └─► SnapshotCache(bgp)   ─► crumb ─► …         ◄─ SyncConnection × M
/// </code>
/// </remarks>
public sealed partial class TyphaServer : IAsyncDisposable
{
    private readonly IDatastore _datastore;
    private readonly TyphaServerOptions _options;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggers;
    private readonly ConcurrentDictionary<long, SyncConnection> _connections = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];
    private Socket? _listener;
    private long _nextId;
    private DateTimeOffset _lastShed = DateTimeOffset.MinValue;

    public TyphaServer(IDatastore datastore, TyphaServerOptions options, Meter meter, ILoggerFactory loggers, TimeProvider time)
    {
        _datastore = datastore;
        _options = options;
        _loggers = loggers;
        _logger = loggers.CreateLogger("typha");
        Time = time;
        Caches = [.. SyncerKinds.All.Select(t => new SnapshotCache(t, time))];
        Metrics = new TyphaMetrics(meter, this);
    }

    /// <summary>Where the server listens (after <see cref="StartAsync"/>).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)(_listener?.LocalEndPoint ?? throw new InvalidOperationException("not started"));

    /// <summary>Every syncer type's snapshot is complete: the server is ready.</summary>
    public bool InSync => Caches.All(c => c.Current.InSync);

    public int ActiveConnections => _connections.Count;

    internal IReadOnlyList<SnapshotCache> Caches { get; }

    internal TyphaMetrics Metrics { get; }

    internal TimeProvider Time { get; }

    /// <summary>Binds the listener (errors surface here) and starts following the datastore, accepting and housekeeping.</summary>
    public Task StartAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var listener = new Socket(_options.ListenAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (_options.ListenAddress.Equals(IPAddress.IPv6Any))
            {
                listener.DualMode = true;
            }

            listener.Bind(new IPEndPoint(_options.ListenAddress, _options.Port));
            // The largest backlog the kernel allows (net.core.somaxconn): when a Typha restarts, all its clients
            // reconnect at once, and a SYN dropped on a full queue is retried only after 1, 2, 4... seconds (the
            // 2,000-client benchmark saw one client wait 90 s behind a backlog of 512).
            listener.Listen();
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        LogListening(_logger, LocalEndPoint.ToString(), _options.Tls is null ? "plain TCP" : "TLS");
        _tasks.Add(new DatastoreFeed(_datastore, Caches, _loggers.CreateLogger("typha.datastore"), Time).RunAsync(_stop.Token));
        _tasks.Add(AcceptLoopAsync(_stop.Token));
        _tasks.Add(HousekeepingLoopAsync(_stop.Token));
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        foreach (var cache in Caches)
        {
            cache.Stop();
        }

        // Connections end on the cancelled token; give them a moment to close their sockets.
        for (var i = 0; i < 100 && !_connections.IsEmpty; i++)
        {
            await Task.Delay(50, CancellationToken.None).ConfigureAwait(false);
        }

        foreach (var task in _tasks)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }

        _stop.Dispose();
    }

    internal SnapshotCache CacheFor(SyncerType type) => Caches.First(c => c.SyncerType == type);

    internal void Remove(SyncConnection connection) => _connections.TryRemove(connection.Id, out _);

    internal double MaxClientLagSeconds()
    {
        var now = Time.GetUtcNow();
        return _connections.Values.Select(c => c.LagSeconds(now)).DefaultIfEmpty(0).Max();
    }

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || (e is SocketException && ct.IsCancellationRequested))
            {
                return;
            }
            catch (SocketException e)
            {
                LogAcceptFailed(_logger, e.Message);
                continue;
            }

            Metrics.Accepted();
            if (_connections.Count >= _options.MaxConnectionsUpperLimit)
            {
                LogRefused(_logger, socket.RemoteEndPoint?.ToString() ?? "?", _options.MaxConnectionsUpperLimit);
                Metrics.Dropped(DropReason.Limit);
                socket.Dispose();
                continue;
            }

            socket.NoDelay = true;
            var connection = new SyncConnection(Interlocked.Increment(ref _nextId), socket, this, _options, _logger);
            _connections[connection.Id] = connection;
            _ = RunConnectionAsync(connection, ct);
        }
    }

    private async Task RunConnectionAsync(SyncConnection connection, CancellationToken ct)
    {
        try
        {
            await connection.RunAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogConnectionFailed(_logger, connection.Id, e.ToString());
            Remove(connection);
        }
    }

    private async Task HousekeepingLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_options.HousekeepingInterval, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                var now = Time.GetUtcNow();
                await Task.WhenAll(_connections.Values.Select(c => c.TickAsync(now))).ConfigureAwait(false);
                await RebalanceAsync(now).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Sheds one connection per drop interval while there are more than the target (the newest first: it has the least to lose).</summary>
    private async Task RebalanceAsync(DateTimeOffset now)
    {
        if (_options.RebalancingMode != ConnectionRebalancingMode.Static || _connections.Count <= _options.MaxConnectionsLowerLimit || now - _lastShed < _options.ConnectionDropInterval)
        {
            return;
        }

        if (_connections.Values.Where(c => c.Position is not null).MaxBy(c => c.Id) is { } victim)
        {
            _lastShed = now;
            await victim.SayGoodbyeAsync(DropReason.Rebalance, GoodbyeReason.Rebalancing, $"{_connections.Count} connections, target {_options.MaxConnectionsLowerLimit}").ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Typha listening on {Address} ({Transport})")]
    private static partial void LogListening(ILogger logger, string address, string transport);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Refusing a connection from {Peer}: at the connection limit ({Limit})")]
    private static partial void LogRefused(ILogger logger, string peer, int limit);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Accepting a connection failed: {Error}")]
    private static partial void LogAcceptFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Connection {Id} failed: {Error}")]
    private static partial void LogConnectionFailed(ILogger logger, long id, string error);
}
