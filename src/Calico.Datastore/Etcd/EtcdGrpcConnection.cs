using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;

namespace Calico.Datastore.Etcd;

/// <summary>
/// gRPC over HttpClient's HTTP/2 (cleartext with prior knowledge for http:// and unix:///path sockets, TLS with ALPN
/// for https://) to a set of etcd members. A call goes to the current member; when that member cannot be reached the call moves on to the
/// next one, until <see cref="EtcdDatastoreOptions.RequestTimeout"/>.
/// </summary>
/// <remarks>
/// A call is retried on another member only when that cannot apply a write twice: the connection could not be made,
/// etcd refused it before proposing it ("no leader"), or the call is a read. A write that fails after it may have
/// been sent (a member killed mid-request, "leader changed") is reported as <see cref="DatastoreUnavailableException"/>:
/// whether it was applied is unknown, as with any etcd client.
/// </remarks>
internal sealed class EtcdGrpcConnection : IDisposable
{
    private static readonly MediaTypeHeaderValue _grpcContentType = new("application/grpc");
    private readonly HttpClient _http;
    private readonly IReadOnlyList<EtcdEndpoint> _endpoints;
    private readonly TimeSpan _requestTimeout;
    private readonly bool _httpsWithoutClientCertificate;
    private int _current;

    public EtcdGrpcConnection(EtcdDatastoreOptions options)
    {
        _endpoints = [.. options.Endpoints.Select(EtcdEndpoint.From)];
        _requestTimeout = options.RequestTimeout;
        _httpsWithoutClientCertificate = options.CertFile is null && options.Endpoints.Any(e => e.Scheme == Uri.UriSchemeHttps);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(2),
            KeepAlivePingDelay = TimeSpan.FromSeconds(10),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            EnableMultipleHttp2Connections = true,
            SslOptions = TlsOptions(options),
        };
        var sockets = _endpoints.Where(e => e.SocketPath is not null).ToDictionary(e => e.SocketHost!, e => e.SocketPath!, StringComparer.OrdinalIgnoreCase);
        if (sockets.Count > 0)
        {
            handler.ConnectCallback = (context, ct) => ConnectAsync(sockets, context.DnsEndPoint, ct);
        }

        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The member calls go to now.</summary>
    public int CurrentEndpoint => Volatile.Read(ref _current);

    public string EndpointList => string.Join(",", _endpoints.Select(e => e.Configured.OriginalString));

    /// <summary>Moves on from <paramref name="failed"/> to the next member, unless another caller already did.</summary>
    public void MoveOn(int failed) => Interlocked.CompareExchange(ref _current, (failed + 1) % _endpoints.Count, failed);

    public async ValueTask<TResponse> CallAsync<TResponse>(string method, IMessage request, MessageParser<TResponse> parser, bool isRead, CancellationToken ct)
        where TResponse : class, IMessage<TResponse>
    {
        var frame = request.ToGrpcFrame();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_requestTimeout);
        var delay = TimeSpan.FromMilliseconds(20);
        Exception? last = null;
        while (true)
        {
            var endpoint = CurrentEndpoint;
            try
            {
                return await CallOnceAsync(_endpoints[endpoint].RequestBase, method, frame, parser, timeout.Token).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConnectionError || isRead)
            {
                last = e;
            }
            catch (IOException e) when (isRead)
            {
                last = e;
            }
            catch (EtcdRpcException e) when (e.StatusCode == EtcdRpcException.Unavailable && (isRead || e.IsRefusedBeforeProposal))
            {
                last = e;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw Unavailable(last, $"no answer within {_requestTimeout.TotalSeconds:0.#} s");
            }
            catch (Exception e) when (e is HttpRequestException or IOException || (e is EtcdRpcException rpc && rpc.StatusCode == EtcdRpcException.Unavailable))
            {
                throw Unavailable(e, "the request may or may not have been applied");
            }

            MoveOn(endpoint);
            try
            {
                await Task.Delay(delay, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw Unavailable(last, $"no member answered within {_requestTimeout.TotalSeconds:0.#} s");
            }

            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 500));
        }
    }

    /// <summary>Opens a bidirectional call on the current member, sending <paramref name="first"/>.</summary>
    public async ValueTask<GrpcStreamingCall> OpenStreamAsync(string method, IMessage first, CancellationToken ct)
    {
        var content = new WatchRequestContent(first.ToGrpcFrame());
        HttpResponseMessage? response = null;
        try
        {
            using var request = NewRequest(_endpoints[CurrentEndpoint].RequestBase, method, content);
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            ThrowIfFailed(response);
            var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            return new GrpcStreamingCall(response, stream, content);
        }
        catch
        {
            content.Complete();
            response?.Dispose();
            content.Dispose();
            throw;
        }
    }

    public void Dispose() => _http.Dispose();

    internal static EtcdRpcException? StatusOf(HttpHeaders headers)
    {
        if (!headers.TryGetValues("grpc-status", out var statuses))
        {
            return null;
        }

        var status = int.Parse(statuses.First(), System.Globalization.CultureInfo.InvariantCulture);
        if (status == 0)
        {
            return null;
        }

        var message = headers.TryGetValues("grpc-message", out var messages) ? Uri.UnescapeDataString(messages.First()) : "no message";
        return new EtcdRpcException(status, message);
    }

    private async ValueTask<TResponse> CallOnceAsync<TResponse>(Uri endpoint, string method, byte[] frame, MessageParser<TResponse> parser, CancellationToken ct)
        where TResponse : class, IMessage<TResponse>
    {
        using var content = new ByteArrayContent(frame);
        content.Headers.ContentType = _grpcContentType;
        using var request = NewRequest(endpoint, method, content);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        ThrowIfFailed(response);
        var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var message = await stream.ReadGrpcMessageAsync(parser, ct).ConfigureAwait(false);
            await stream.CopyToAsync(Stream.Null, ct).ConfigureAwait(false);
            if (StatusOf(response.TrailingHeaders) is { } error)
            {
                throw error;
            }

            return message ?? throw new IOException($"etcd ended {method} without a response");
        }
    }

    private static HttpRequestMessage NewRequest(Uri endpoint, string method, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, method))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        return request;
    }

    private static void ThrowIfFailed(HttpResponseMessage response)
    {
        if (StatusOf(response.Headers) is { } error)
        {
            throw error;
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"etcd answered HTTP {(int)response.StatusCode} instead of a gRPC response");
        }
    }

    /// <summary>
    /// Connects to a unix socket endpoint by the host name its requests carry, or to a TCP endpoint (only when the list
    /// mixes both: with TCP endpoints alone the handler's own connect is used).
    /// </summary>
    private static async ValueTask<Stream> ConnectAsync(Dictionary<string, string> sockets, DnsEndPoint target, CancellationToken ct)
    {
        var socket = sockets.TryGetValue(target.Host, out var path)
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(path is null ? target : new UnixDomainSocketEndPoint(path), ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private DatastoreUnavailableException Unavailable(Exception? cause, string what) =>
        new($"etcd at {EndpointList} is unavailable: {what}" + (cause is null ? string.Empty : $" ({TransportFailureDescription.Describe(cause, _httpsWithoutClientCertificate)})"), cause);

    private static SslClientAuthenticationOptions TlsOptions(EtcdDatastoreOptions options)
    {
        var tls = new SslClientAuthenticationOptions();
        if (options.CertFile is not null && options.KeyFile is not null)
        {
            tls.ClientCertificates = [X509Certificate2.CreateFromPemFile(options.CertFile, options.KeyFile)];
        }

        if (options.CaCertFile is not null)
        {
            var trust = new X509Certificate2Collection();
            trust.ImportFromPemFile(options.CaCertFile);
            tls.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            tls.CertificateChainPolicy.CustomTrustStore.AddRange(trust);
        }

        return tls;
    }
}
