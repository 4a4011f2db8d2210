using System.Net.Security;
using System.Net.Sockets;
using Calico.Typha.Protocol;

namespace Calico.Typha.Client;

/// <summary>
/// One connection to a Typha, at the message level: connect (TLS if configured), hello, then <see cref="ReadAsync"/>
/// yields the server's KV batches, sync status and goodbye, answering pings itself. Cheap enough to hold thousands in
/// one process (no thread; no buffer while idle). <see cref="TyphaSyncSource"/> builds the decoded update stream on it.
/// </summary>
public sealed class TyphaConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly FrameReader _reader;
    private readonly CancellationTokenSource _reads;
    private readonly TimeSpan _readTimeout;
    private readonly CancellationToken _lifetime;
    private readonly bool _inflate;
    private readonly Queue<KvBatch> _inflated = new();
    private long _deadlineExtendedAt = Environment.TickCount64;

    private TyphaConnection(Stream stream, CancellationTokenSource reads, TimeSpan readTimeout, TyphaAddress address, bool inflate, CancellationToken lifetime)
    {
        _inflate = inflate;
        _stream = stream;
        _reads = reads;
        _lifetime = lifetime;
        _readTimeout = readTimeout;
        _reader = new FrameReader(stream, initialBytes: 16 * 1024, zeroByteReads: true);
        Address = address;
    }

    public TyphaAddress Address { get; }

    public string ServerVersion { get; private set; } = string.Empty;

    /// <summary>The snapshot compression the server chose (<see cref="SnapshotCompression.Deflate"/>), or empty for none.</summary>
    public string Compression { get; private set; } = string.Empty;

    /// <summary>Connects, authenticates and exchanges hellos. <paramref name="ct"/> also ends the connection's reads later.</summary>
    /// <exception cref="TyphaConnectionException">The server cannot be reached, its certificate is not acceptable, or it refused the hello.</exception>
    public static async Task<TyphaConnection> ConnectAsync(TyphaAddress address, SyncerType syncerType, TyphaClientOptions options, CancellationToken ct)
    {
        var reads = CancellationTokenSource.CreateLinkedTokenSource(ct);
        reads.CancelAfter(options.ConnectTimeout);
        var socket = options.CreateSocket?.Invoke() ?? new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.NoDelay = true;
        Stream? stream = null;
        TyphaConnection? connection;
        try
        {
            await socket.ConnectAsync(address.Host, address.Port, reads.Token).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (options.Tls is { } tls)
            {
                string? rejected = null;
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                try
                {
                    await ssl.AuthenticateAsClientAsync(
                        new SslClientAuthenticationOptions
                        {
                            TargetHost = address.Host,
                            ClientCertificates = [tls.ClientCertificate],
                            RemoteCertificateValidationCallback = (_, certificate, _, _) => (rejected = tls.ServerIdentity.Check(certificate)) is null,
                        },
                        reads.Token).ConfigureAwait(false);
                }
                catch (System.Security.Authentication.AuthenticationException e)
                {
                    throw new TyphaConnectionException($"Typha {address}: {rejected ?? e.InnerException?.Message ?? e.Message}");
                }
            }

            connection = new TyphaConnection(stream, reads, options.ReadTimeout, address, options.InflateSnapshot, ct);
            var accepted = options.AcceptCompression ? SnapshotCompression.Deflate : string.Empty;
            await stream.WriteAsync(ControlFrames.ClientHello(options.Hostname, options.ClientVersion, SyncerKinds.Name(syncerType), accepted), reads.Token).ConfigureAwait(false);
            var hello = await connection._reader.ReadMessageAsync(reads.Token).ConfigureAwait(false);
            switch (hello)
            {
                case ServerHello server when server.ProtocolVersion == TyphaProtocol.Version && server.Compression.Length > 0 && server.Compression != accepted:
                    throw new TyphaConnectionException($"Typha {address} chose snapshot compression \"{server.Compression}\", which this client did not offer");
                case ServerHello server when server.ProtocolVersion == TyphaProtocol.Version:
                    connection.ServerVersion = server.ServerVersion;
                    connection.Compression = server.Compression;
                    reads.CancelAfter(options.ReadTimeout);
                    return connection;
                case ServerHello server:
                    throw new TyphaConnectionException($"Typha {address} speaks protocol version {server.ProtocolVersion}, not {TyphaProtocol.Version}");
                case Goodbye goodbye:
                    throw new TyphaConnectionException($"Typha {address} refused: {goodbye.Reason}: {goodbye.Detail}");
                case null:
                    throw new TyphaConnectionException($"Typha {address} closed the connection during the handshake (connection limit, or it rejected our certificate)");
                default:
                    throw new TyphaConnectionException($"Typha {address} sent {hello.GetType().Name} instead of its hello");
            }
        }
        catch (Exception e) when (e is not TyphaConnectionException && !(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            await Discard(stream, socket, reads).ConfigureAwait(false);
            throw new TyphaConnectionException($"Typha {address}: {(e is OperationCanceledException ? $"no answer within {options.ConnectTimeout.TotalSeconds:0.#}s" : e.Message)}", e);
        }
        catch
        {
            await Discard(stream, socket, reads).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The next KvBatch, SyncStatus or Goodbye (pings are answered here), or null when the server closed the connection.
    /// A compressed snapshot is inflated here into its KvBatches, unless <see cref="TyphaClientOptions.InflateSnapshot"/>
    /// is false: then each <see cref="CompressedFrames"/> is returned as it is.
    /// </summary>
    /// <exception cref="TyphaConnectionException">The connection failed, the server broke the protocol, or it was silent for the read timeout.</exception>
    /// <exception cref="OperationCanceledException">The token given to <see cref="ConnectAsync"/> was cancelled.</exception>
    public async ValueTask<TyphaMessage?> ReadAsync()
    {
        try
        {
            while (true)
            {
                if (_inflated.TryDequeue(out var batch))
                {
                    return batch;
                }

                var message = await _reader.ReadMessageAsync(_reads.Token).ConfigureAwait(false);
                ExtendReadDeadline();
                if (message is Ping)
                {
                    await _stream.WriteAsync(ControlFrames.Pong, _reads.Token).ConfigureAwait(false);
                    continue;
                }

                if (message is CompressedFrames && Compression.Length == 0)
                {
                    throw new ProtocolException("compressed frames from a server that chose no compression");
                }

                if (message is CompressedFrames compressed && _inflate)
                {
                    foreach (var inflated in compressed.Inflate())
                    {
                        _inflated.Enqueue(inflated);
                    }

                    continue;
                }

                return message switch
                {
                    null or KvBatch or SyncStatus or Goodbye or CompressedFrames => message,
                    _ => throw new ProtocolException($"a server may not send {message.GetType().Name} after its hello"),
                };
            }
        }
        catch (OperationCanceledException) when (!_lifetime.IsCancellationRequested)
        {
            throw new TyphaConnectionException($"Typha {Address} sent nothing for {_readTimeout.TotalSeconds:0.#}s");
        }
        catch (Exception e) when (e is IOException or SocketException or ProtocolException or ObjectDisposedException)
        {
            throw new TyphaConnectionException($"Typha {Address}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Restarts the read timeout, at most every tenth of it: moving a timer for every frame costs more than the frame
    /// when thousands of connections share a process, and a deadline up to 10% late is still a deadline.
    /// </summary>
    private void ExtendReadDeadline()
    {
        var now = Environment.TickCount64;
        if (now - _deadlineExtendedAt >= _readTimeout.TotalMilliseconds / 10)
        {
            _deadlineExtendedAt = now;
            _reads.CancelAfter(_readTimeout);
        }
    }

    public async ValueTask DisposeAsync() => await Discard(_stream, socket: null, _reads).ConfigureAwait(false);

    private static async ValueTask Discard(Stream? stream, Socket? socket, CancellationTokenSource reads)
    {
        if (stream is not null)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }

        socket?.Dispose();
        reads.Dispose();
    }
}
