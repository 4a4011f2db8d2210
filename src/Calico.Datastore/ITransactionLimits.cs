namespace Calico.Datastore;

/// <summary>
/// A datastore whose transactions are bounded (etcd refuses a Txn with more than <c>--max-txn-ops</c> operations, 128
/// by default, or a request above <c>--max-request-bytes</c>, 1.5 MiB). A backend without this interface takes a
/// transaction of any size.
/// </summary>
public interface ITransactionLimits
{
    /// <summary>The most operations one <see cref="IDatastore.CommitAsync"/> may carry.</summary>
    public int MaxOperationsPerTransaction { get; }

    /// <summary>The most key and value bytes (UTF-8) one <see cref="IDatastore.CommitAsync"/> should carry.</summary>
    public int MaxBytesPerTransaction { get; }
}
