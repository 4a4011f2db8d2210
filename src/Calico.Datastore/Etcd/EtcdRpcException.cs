namespace Calico.Datastore.Etcd;

/// <summary>etcd answered a request with a gRPC error status.</summary>
internal sealed class EtcdRpcException : DatastoreException
{
    /// <summary>gRPC's OUT_OF_RANGE: etcd's "required revision has been compacted" and "is a future revision".</summary>
    public const int OutOfRange = 11;

    /// <summary>gRPC's UNAVAILABLE: no leader, leader changed, member stopping.</summary>
    public const int Unavailable = 14;

    public EtcdRpcException(int statusCode, string detail)
        : base($"etcd refused the request: {detail} (gRPC status {statusCode})")
    {
        StatusCode = statusCode;
        Detail = detail;
    }

    public int StatusCode { get; }

    public string Detail { get; }

    /// <summary>etcd rejected a request that read or compacted at a revision it has already compacted.</summary>
    public bool IsCompacted => StatusCode == OutOfRange && Detail.Contains("compacted", StringComparison.Ordinal);

    /// <summary>The request was refused before it was proposed, so trying again cannot apply it twice.</summary>
    public bool IsRefusedBeforeProposal => StatusCode == Unavailable && Detail.Contains("no leader", StringComparison.Ordinal);
}
