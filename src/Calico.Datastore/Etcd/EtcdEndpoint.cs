namespace Calico.Datastore.Etcd;

/// <summary>
/// One member's client URL as calls use it: <c>http://</c> and <c>https://</c> as given, and
/// <c>unix:///abs/path/etcd.sock:0</c> (the socket file etcd creates for <c>--listen-client-urls unix://etcd.sock:0</c>)
/// as cleartext HTTP/2 to a host name that only the connection callback knows, which connects to the socket.
/// </summary>
internal sealed class EtcdEndpoint
{
    /// <summary>The scheme of a member's unix socket endpoint.</summary>
    public const string UnixScheme = "unix";

    private EtcdEndpoint(Uri configured, Uri requestBase, string? socketPath)
    {
        Configured = configured;
        RequestBase = requestBase;
        SocketPath = socketPath;
    }

    /// <summary>The URL as configured (for messages).</summary>
    public Uri Configured { get; }

    /// <summary>Where requests are addressed: the URL itself, or http://&lt;socket host&gt;/ for a unix socket.</summary>
    public Uri RequestBase { get; }

    /// <summary>The unix socket's absolute path, or null for a TCP endpoint.</summary>
    public string? SocketPath { get; }

    /// <summary>The host name requests to a unix socket endpoint carry; the connection callback maps it back to the socket.</summary>
    public string? SocketHost => SocketPath is null ? null : RequestBase.Host;

    /// <param name="index">The endpoint's position in the list; it makes each socket's host name (and connection pool) distinct.</param>
    public static EtcdEndpoint From(Uri endpoint, int index)
    {
        if (!string.Equals(endpoint.Scheme, UnixScheme, StringComparison.Ordinal))
        {
            return new EtcdEndpoint(endpoint, endpoint, socketPath: null);
        }

        return new EtcdEndpoint(endpoint, new Uri($"http://etcd-unix-socket-{index}/"), SocketPathOf(endpoint));
    }

    /// <summary>The socket path of a unix:// endpoint: an absolute path (unix:///path), never a host name.</summary>
    /// <exception cref="ArgumentException">The URL names a host or a relative path.</exception>
    public static string SocketPathOf(Uri endpoint)
    {
        if (!string.IsNullOrEmpty(endpoint.Host) || !endpoint.AbsolutePath.StartsWith('/') || endpoint.AbsolutePath.Length < 2)
        {
            throw new ArgumentException($"etcd endpoint \"{endpoint.OriginalString}\" is not unix:///absolute/path/to/socket (three slashes: the socket's absolute path).", nameof(endpoint));
        }

        return Uri.UnescapeDataString(endpoint.AbsolutePath);
    }
}
