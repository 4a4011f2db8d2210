namespace Calico.Datastore;

/// <summary>Settings of the etcd v3 datastore.</summary>
public sealed class EtcdDatastoreOptions
{
    /// <summary>Where Calico keeps its v3 resources in etcd.</summary>
    public const string DefaultKeyPrefix = "/calico/resources/v3/projectcalico.org/";

    /// <summary>
    /// The members' client URLs (<c>http://127.0.0.1:2379</c>, <c>https://…</c> with TLS, or <c>unix:///abs/path/etcd.sock:0</c>
    /// for a member's unix socket, as etcd creates it for <c>--listen-client-urls unix://etcd.sock:0</c>). Requests go to
    /// one member and move to the next when it cannot be reached.
    /// </summary>
    public IReadOnlyList<Uri> Endpoints { get; init; } = [];

    /// <summary>The key prefix under which resources live; must start and end with <c>/</c>.</summary>
    public string KeyPrefix { get; init; } = DefaultKeyPrefix;

    /// <summary>
    /// The etcd revision that the store reports as revision 0. etcd starts at revision 1 with nothing written, while
    /// <see cref="IDatastore"/> starts at 0, so the default is 1: store revision = etcd revision − 1. A test that
    /// shares one etcd between stores under different <see cref="KeyPrefix"/>es sets it to etcd's revision when the
    /// store is made, so that the store starts empty at 0.
    /// </summary>
    public long RevisionBase { get; init; } = 1;

    /// <summary>
    /// How long one operation keeps trying (moving between members, waiting for a leader) before it fails with
    /// <see cref="DatastoreUnavailableException"/>.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The most operations this store puts in one etcd transaction: the members' <c>--max-txn-ops</c> (etcd's default
    /// 128). A larger <see cref="IDatastore.CommitAsync"/> is refused by etcd; callers that write more (a migration
    /// import) split by <see cref="ITransactionLimits"/>.
    /// </summary>
    public int MaxTransactionOperations { get; init; } = 128;

    /// <summary>
    /// The most key and value bytes this store puts in one transaction, below the members' <c>--max-request-bytes</c>
    /// (etcd's default 1.5 MiB) with room for the request's framing.
    /// </summary>
    public int MaxTransactionBytes { get; init; } = 1024 * 1024;

    /// <summary>PEM file of the CA that signed the members' certificates (<c>ETCD_CA_CERT_FILE</c>); for https endpoints.</summary>
    public string? CaCertFile { get; init; }

    /// <summary>PEM file of the client certificate (<c>ETCD_CERT_FILE</c>).</summary>
    public string? CertFile { get; init; }

    /// <summary>PEM file of the client certificate's private key (<c>ETCD_KEY_FILE</c>).</summary>
    public string? KeyFile { get; init; }

    internal void ThrowIfInvalid()
    {
        if (Endpoints is null || Endpoints.Count == 0)
        {
            throw new ArgumentException("The etcd datastore needs at least one endpoint (ETCD_ENDPOINTS).", nameof(Endpoints));
        }

        foreach (var endpoint in Endpoints)
        {
            if (endpoint is null || !endpoint.IsAbsoluteUri ||
                (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Etcd.EtcdEndpoint.UnixScheme))
            {
                throw new ArgumentException($"etcd endpoint \"{endpoint}\" is not an http://, https:// or unix:/// URL.", nameof(Endpoints));
            }

            if (endpoint.Scheme == Etcd.EtcdEndpoint.UnixScheme)
            {
                Etcd.EtcdEndpoint.SocketPathOf(endpoint);
            }
        }

        if (string.IsNullOrEmpty(KeyPrefix) || !KeyPrefix.StartsWith('/') || !KeyPrefix.EndsWith('/'))
        {
            throw new ArgumentException($"The etcd key prefix \"{KeyPrefix}\" must start and end with '/'.", nameof(KeyPrefix));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(RevisionBase);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTransactionOperations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTransactionBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero);
        if ((CertFile is null) != (KeyFile is null))
        {
            throw new ArgumentException("A client certificate needs both ETCD_CERT_FILE and ETCD_KEY_FILE.", nameof(CertFile));
        }
    }
}
