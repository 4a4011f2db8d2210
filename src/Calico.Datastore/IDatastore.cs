namespace Calico.Datastore;

/// <summary>
/// A raw resource store with etcd-like revisions and watches. Values are opaque serialized resources; a typed
/// layer sits on top. Every backend passes the same conformance suite.
/// </summary>
/// <remarks>
/// Revisions are global and monotonic: every successful write (or transaction) gets the next revision, and every
/// resource it touches carries it. An empty store has revision 0.
/// </remarks>
public interface IDatastore : IAsyncDisposable
{
    /// <summary>The backend's name, one of <see cref="DatastoreBackendNames"/>.</summary>
    public string BackendName { get; }

    /// <summary>Reads one resource, or <see langword="null"/> if it does not exist.</summary>
    public ValueTask<StoredResource?> GetAsync(ResourceKey key, CancellationToken ct = default);

    /// <summary>Lists the resources of one kind, sorted by namespace, then name.</summary>
    /// <param name="kind">The kind to list.</param>
    /// <param name="ns">Only this namespace; <see langword="null"/> for all namespaces (and cluster-scoped resources).</param>
    /// <param name="ct">Cancels the operation.</param>
    public ValueTask<ListResult> ListAsync(string kind, string? ns = null, CancellationToken ct = default);

    /// <summary>Creates a resource.</summary>
    /// <exception cref="ResourceAlreadyExistsException">The key exists.</exception>
    public ValueTask<StoredResource> CreateAsync(ResourceKey key, string value, CancellationToken ct = default);

    /// <summary>Replaces a resource's value.</summary>
    /// <param name="key">The resource.</param>
    /// <param name="value">The new value.</param>
    /// <param name="expectedRevision">The revision the caller last read; <see langword="null"/> for an unconditional update.</param>
    /// <param name="ct">Cancels the operation.</param>
    /// <exception cref="ResourceNotFoundException">The key does not exist.</exception>
    /// <exception cref="RevisionConflictException">The resource's revision is not <paramref name="expectedRevision"/>.</exception>
    public ValueTask<StoredResource> UpdateAsync(ResourceKey key, string value, long? expectedRevision, CancellationToken ct = default);

    /// <summary>Deletes a resource and returns it as it was, with the revision of the delete.</summary>
    /// <exception cref="ResourceNotFoundException">The key does not exist.</exception>
    /// <exception cref="RevisionConflictException">The resource's revision is not <paramref name="expectedRevision"/>.</exception>
    public ValueTask<StoredResource> DeleteAsync(ResourceKey key, long? expectedRevision = null, CancellationToken ct = default);

    /// <summary>
    /// Applies operations all-or-nothing. Every operation gets the same new revision; the results are in the order of
    /// <paramref name="ops"/> (a delete's result is the deleted resource). An empty list writes nothing.
    /// </summary>
    /// <exception cref="DatastoreException">
    /// The first failing operation's exception, with <see cref="DatastoreException.OperationIndex"/> set; nothing was written.
    /// </exception>
    /// <exception cref="ArgumentException">Two operations name the same key.</exception>
    public ValueTask<IReadOnlyList<StoredResource>> CommitAsync(IReadOnlyList<TransactionOp> ops, CancellationToken ct = default);

    /// <summary>
    /// Streams changes with a revision greater than <see cref="WatchOptions.AfterRevision"/>, in revision order, with no
    /// gap and no duplicate, until <paramref name="ct"/> is cancelled or the store is disposed (both end the stream
    /// with <see cref="OperationCanceledException"/>).
    /// </summary>
    /// <exception cref="RevisionCompactedException">
    /// The requested changes were compacted away (at the start, or because the consumer fell too far behind); re-list.
    /// </exception>
    public IAsyncEnumerable<WatchEvent> WatchAsync(WatchOptions options, CancellationToken ct = default);

    /// <summary>The store's current revision (0 when nothing was ever written).</summary>
    public ValueTask<long> GetRevisionAsync(CancellationToken ct = default);

    /// <summary>
    /// Discards the change log up to and including <paramref name="revision"/>. Afterwards watches must start at
    /// <paramref name="revision"/> or later. Compacting to an already compacted revision does nothing.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="revision"/> is negative or beyond the current revision.</exception>
    public ValueTask CompactAsync(long revision, CancellationToken ct = default);
}
