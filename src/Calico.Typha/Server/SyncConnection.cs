using System.Buffers;
using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using Calico.Typha.Cache;
using Calico.Typha.Protocol;
using Microsoft.Extensions.Logging;

namespace Calico.Typha.Server;

/// <summary>
/// One client of a Typha: TLS and hello, then the current crumb's snapshot, the in-sync status, and every later
/// crumb's deltas, at the client's own pace. Between frames it holds no buffer (writes borrow one from the shared
/// pool; reads wait with a zero-byte read), so an idle connection costs little beyond its socket. Pings, pong
/// timeouts, fall-behind and shedding are driven by the server's one housekeeping timer.
/// </summary>
internal sealed partial class SyncConnection(long id, Socket socket, TyphaServer server, TyphaServerOptions options, ILogger logger)
{
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly DateTimeOffset _connectedAt = server.Time.GetUtcNow();
    private readonly string _peer = socket.RemoteEndPoint?.ToString() ?? "?";
    private Stream? _stream;
    private SnapshotCache? _cache;
    private Breadcrumb? _position;
    private string? _dropReason;
    private bool _compressSnapshot;
    private long _lastPingTicks = server.Time.GetUtcNow().UtcTicks;

    // When the oldest ping not yet answered was sent (0: none outstanding). The pong timeout runs from there, not from
    // the connection's start: a client still taking its snapshot is not pinged (see TickAsync) and owes no pong.
    private long _unansweredPingTicks;

    public long Id { get; } = id;

    public string? Hostname { get; private set; }

    /// <summary>The crumb whose deltas (or snapshot) have been fully written; null until the snapshot is out.</summary>
    public Breadcrumb? Position => Volatile.Read(ref _position);

    public SnapshotCache? Cache => Volatile.Read(ref _cache);

    public async Task RunAsync(CancellationToken serverStopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(serverStopping, _stop.Token);
        var ct = linked.Token;
        Task? reading = null;
        try
        {
            var reader = await HandshakeAsync(ct).ConfigureAwait(false);
            if (reader is null)
            {
                return;
            }

            reading = ReadLoopAsync(reader, ct);
            await SendAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException or ProtocolException or System.Security.Authentication.AuthenticationException)
        {
            if (_dropReason is null && serverStopping.IsCancellationRequested)
            {
                _dropReason = DropReason.ShuttingDown;
                server.Metrics.Dropped(DropReason.ShuttingDown);
            }
            else if (_dropReason is null && e is ProtocolException)
            {
                Drop(DropReason.Protocol, e.Message);
            }
            else if (_dropReason is null)
            {
                LogClosed(logger, Id, _peer, Hostname ?? "?", e.Message);
            }
        }
        finally
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            if (_stream is not null)
            {
                await _stream.DisposeAsync().ConfigureAwait(false);
            }

            socket.Dispose();
            if (reading is not null)
            {
                await reading.ConfigureAwait(false);
            }

            Volatile.Write(ref _position, null);
            server.Remove(this);
            _stop.Dispose();
        }
    }

    /// <summary>Ends the connection (the reason is counted and logged once).</summary>
    public void Drop(string reason, string detail)
    {
        if (Interlocked.CompareExchange(ref _dropReason, reason, null) is null)
        {
            // Counted before the socket closes, so whoever sees the close also sees the count.
            server.Metrics.Dropped(reason);
            LogDropped(logger, Id, _peer, Hostname ?? "?", reason, detail);
            try
            {
                _stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already finished.
            }
        }
    }

    /// <summary>Sends a Goodbye when the socket can take it at once, then drops the connection.</summary>
    public async Task SayGoodbyeAsync(string reason, GoodbyeReason goodbye, string detail)
    {
        if (_stream is { } stream && (_cache is not null || goodbye == GoodbyeReason.Rejected) && await _writeLock.WaitAsync(TimeSpan.FromMilliseconds(100)).ConfigureAwait(false))
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await stream.WriteAsync(ControlFrames.Goodbye(goodbye, detail), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // The client is going anyway.
            }
            finally
            {
                _writeLock.Release();
            }
        }

        Drop(reason, detail);
    }

    /// <summary>Housekeeping: ping when due, drop a client that stopped answering or fell behind.</summary>
    public async Task TickAsync(DateTimeOffset now)
    {
        var unanswered = Interlocked.Read(ref _unansweredPingTicks);
        if (unanswered != 0 && now.UtcTicks - unanswered > options.PongTimeout.Ticks)
        {
            Drop(DropReason.PingTimeout, $"no pong for {options.PongTimeout.TotalSeconds:0.#}s");
            return;
        }

        if (FallBehind(now) is { } behind)
        {
            Drop(DropReason.FellBehind, behind);
            return;
        }

        if (Position is not null && _stream is { } stream && now.UtcTicks - Interlocked.Read(ref _lastPingTicks) >= options.PingInterval.Ticks && await _writeLock.WaitAsync(0).ConfigureAwait(false))
        {
            // Pings start once the snapshot is out: a ping queued behind megabytes of snapshot could not be answered
            // in time when many clients share the bandwidth (a stuck snapshot is caught by the new-client grace
            // period). A busy writer needs no ping either: the client is receiving data; a blocked one is caught by
            // FallBehind.
            try
            {
                Interlocked.Exchange(ref _lastPingTicks, now.UtcTicks);
                Interlocked.CompareExchange(ref _unansweredPingTicks, now.UtcTicks, 0);
                using var timeout = new CancellationTokenSource(options.PongTimeout);
                await stream.WriteAsync(ControlFrames.Ping, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
            {
                Drop(DropReason.PingTimeout, $"cannot send a ping: {e.Message}");
            }
            finally
            {
                _writeLock.Release();
            }
        }
    }

    /// <summary>How far behind the newest crumb this client is, in seconds (0 when caught up or still on its snapshot).</summary>
    public double LagSeconds(DateTimeOffset now) => Position?.Next is { } next ? Math.Max(0, (now - next.CreatedAt).TotalSeconds) : 0;

    private string? FallBehind(DateTimeOffset now)
    {
        var position = Position;
        if (position is null)
        {
            return _cache is not null && now - _connectedAt > options.NewClientGracePeriod
                ? $"has not taken the snapshot within {options.NewClientGracePeriod.TotalSeconds:0.#}s"
                : null;
        }

        if (position.Next is not { } next)
        {
            return null;
        }

        if (now - next.CreatedAt > options.MaxFallBehind)
        {
            return $"oldest unsent change is {(now - next.CreatedAt).TotalSeconds:0.#}s old (limit {options.MaxFallBehind.TotalSeconds:0.#}s)";
        }

        var behind = _cache!.Current.UpdatesThrough - position.UpdatesThrough;
        return options.MaxFallBehindUpdates > 0 && behind > options.MaxFallBehindUpdates
            ? $"{behind} updates behind (limit {options.MaxFallBehindUpdates})"
            : null;
    }

    private async Task<FrameReader?> HandshakeAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.HandshakeTimeout);
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        _stream = stream;
        string? rejected = null;
        try
        {
            if (options.Tls is { } tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                _stream = ssl;
                await ssl.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions
                    {
                        ServerCertificate = tls.ServerCertificate,
                        ClientCertificateRequired = true,
                        RemoteCertificateValidationCallback = (_, certificate, _, _) => (rejected = tls.ClientIdentity.Check(certificate)) is null,
                    },
                    timeout.Token).ConfigureAwait(false);
                if (rejected is not null)
                {
                    Drop(DropReason.Handshake, rejected);
                    return null;
                }
            }

            var reader = new FrameReader(_stream, initialBytes: 512, zeroByteReads: true);
            var hello = await reader.ReadMessageAsync(timeout.Token).ConfigureAwait(false) as ClientHello
                ?? throw new ProtocolException("the first frame must be a ClientHello");
            Hostname = hello.Hostname;
            if (hello.ProtocolVersion != TyphaProtocol.Version || !SyncerKinds.TryParse(hello.SyncerType, out var type))
            {
                await SayGoodbyeAsync(DropReason.Handshake, GoodbyeReason.Rejected, hello.ProtocolVersion != TyphaProtocol.Version
                    ? $"protocol version {hello.ProtocolVersion} is not {TyphaProtocol.Version}"
                    : $"unknown syncer type \"{hello.SyncerType}\" (felix or bgp)").ConfigureAwait(false);
                return null;
            }

            var compression = SnapshotCompression.Choose(hello.AcceptedCompression, options.CompressSnapshots);
            _compressSnapshot = compression.Length > 0;
            await WriteAsync(ControlFrames.ServerHello(options.ServerVersion, compression), timeout.Token).ConfigureAwait(false);
            // From here on housekeeping may ping (never before the hello, nor into a TLS handshake).
            Volatile.Write(ref _cache, server.CacheFor(type));
            LogConnected(logger, Id, _peer, hello.Hostname, hello.SyncerType, hello.ClientVersion);
            return reader;
        }
        catch (Exception e) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            Drop(DropReason.Handshake, $"no TLS handshake and hello within {options.HandshakeTimeout.TotalSeconds:0.#}s");
            return null;
        }
        catch (System.Security.Authentication.AuthenticationException e)
        {
            Drop(DropReason.Handshake, rejected ?? e.InnerException?.Message ?? e.Message);
            return null;
        }
    }

    private async Task SendAsync(CancellationToken ct)
    {
        var cache = _cache!;
        var started = Stopwatch.GetTimestamp();
        var joinedAt = cache.Current;
        var crumb = _compressSnapshot && joinedAt.InSync
            ? await SendCompressedSnapshotAsync(cache, ct).ConfigureAwait(false)
            : await SendPlainSnapshotAsync(joinedAt, ct).ConfigureAwait(false);

        // A shared compressed snapshot can be a few crumbs old: bring the client up to where it joined before telling
        // it that it is in sync, as the plain snapshot would have.
        while (crumb.Sequence < joinedAt.Sequence && crumb.Next is { } next)
        {
            crumb = next;
            await WriteDeltasAsync(crumb, ct).ConfigureAwait(false);
        }

        var inSync = crumb.InSync;
        if (inSync)
        {
            await WriteAsync(ControlFrames.SyncStatus(inSync: true, crumb.Revision), ct).ConfigureAwait(false);
        }

        Volatile.Write(ref _position, crumb);
        server.Metrics.SnapshotSent(Stopwatch.GetElapsedTime(started).TotalSeconds);
        while (true)
        {
            crumb = await crumb.NextAsync.WaitAsync(ct).ConfigureAwait(false);
            await WriteDeltasAsync(crumb, ct).ConfigureAwait(false);

            if (crumb.InSync != inSync)
            {
                inSync = crumb.InSync;
                await WriteAsync(ControlFrames.SyncStatus(inSync, crumb.Revision), ct).ConfigureAwait(false);
            }

            Volatile.Write(ref _position, crumb);
        }
    }

    /// <summary>The crumb's deltas, as frames encoded once for every client.</summary>
    private async ValueTask WriteDeltasAsync(Breadcrumb crumb, CancellationToken ct)
    {
        var frames = crumb.DeltaFrames(options.MaxKvsPerBatch, options.BatchBytes);
        if (frames.Length > 0)
        {
            await WriteAsync(frames, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The shared compressed snapshot (compressed once for every client joining meanwhile); returns its crumb.</summary>
    private async Task<Breadcrumb> SendCompressedSnapshotAsync(SnapshotCache cache, CancellationToken ct)
    {
        var snapshot = await cache.CompressedSnapshotAsync(options).WaitAsync(ct).ConfigureAwait(false);
        foreach (var frame in snapshot.Frames)
        {
            await WriteAsync(frame, ct).ConfigureAwait(false);
        }

        return snapshot.Crumb;
    }

    /// <summary>
    /// The crumb's snapshot as plain KvBatch frames, cut by the same writer as the deltas and the compressed snapshot
    /// and written one frame at a time from the shared encoded entries (the only buffer is this send's one batch).
    /// </summary>
    private async Task<Breadcrumb> SendPlainSnapshotAsync(Breadcrumb crumb, CancellationToken ct)
    {
        var frame = new ArrayBufferWriter<byte>(options.BatchBytes + 1024);
        var batches = new KvBatchFrameWriter(frame, options.MaxKvsPerBatch, options.BatchBytes);
        foreach (var kv in crumb.Snapshot.Values)
        {
            batches.Add(kv.Bytes);
            await WriteCutFrameAsync(frame, ct).ConfigureAwait(false);
        }

        batches.Flush();
        await WriteCutFrameAsync(frame, ct).ConfigureAwait(false);
        return crumb;
    }

    /// <summary>Writes the frame the batch writer has cut into <paramref name="frame"/>, if any, and empties it.</summary>
    private async ValueTask WriteCutFrameAsync(ArrayBufferWriter<byte> frame, CancellationToken ct)
    {
        if (frame.WrittenCount > 0)
        {
            await WriteAsync(frame.WrittenMemory, ct).ConfigureAwait(false);
            frame.ResetWrittenCount();
        }
    }

    private async ValueTask WriteAsync(ReadOnlyMemory<byte> frame, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await _stream!.WriteAsync(frame, ct).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync(FrameReader reader, CancellationToken ct)
    {
        try
        {
            while (await reader.ReadMessageAsync(ct).ConfigureAwait(false) is { } message)
            {
                if (message is not Pong)
                {
                    throw new ProtocolException($"a client may only send Pong after its hello, not {message.GetType().Name}");
                }

                Interlocked.Exchange(ref _unansweredPingTicks, 0);
            }

            // The client closed its side.
            await _stop.CancelAsync().ConfigureAwait(false);
        }
        catch (ProtocolException e)
        {
            Drop(DropReason.Protocol, e.Message);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            try
            {
                await _stop.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // Already finished.
            }
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Connection {Id} from {Peer}: {Hostname} wants the {Syncer} syncer (client {Version})")]
    private static partial void LogConnected(ILogger logger, long id, string peer, string hostname, string syncer, string version);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Dropping connection {Id} from {Peer} ({Hostname}): {Reason}: {Detail}")]
    private static partial void LogDropped(ILogger logger, long id, string peer, string hostname, string reason, string detail);

    [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "Connection {Id} from {Peer} ({Hostname}) closed: {Detail}")]
    private static partial void LogClosed(ILogger logger, long id, string peer, string hostname, string detail);
}
