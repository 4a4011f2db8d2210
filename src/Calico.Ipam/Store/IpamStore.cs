using System.Text.Json;
using Calico.Api;
using Calico.Api.Resources;
using Calico.Api.Serialization;
using Calico.Core;
using Calico.Datastore;

namespace Calico.Ipam.Store;

/// <summary>
/// Typed reads and conditional writes of the resources IPAM uses. Datastore failures become <see cref="IpamException"/>s;
/// a transaction that loses a race is reported as a <see cref="CommitOutcome"/>, not thrown.
/// </summary>
internal sealed class IpamStore(IDatastore datastore)
{
    private static readonly ResourceKey ClusterInformationKey = ResourceKey.Cluster(ResourceKinds.ClusterInformation.StoreKind, "default");

    public ValueTask<Stored<IPAMBlock>?> GetBlockAsync(Cidr cidr, CancellationToken ct) =>
        GetAsync<IPAMBlock>(ResourceKinds.IPAMBlock, IpamNames.BlockKey(cidr), ct);

    public ValueTask<Stored<BlockAffinity>?> GetAffinityAsync(string name, CancellationToken ct) =>
        GetAsync<BlockAffinity>(ResourceKinds.BlockAffinity, IpamNames.AffinityKey(name), ct);

    public ValueTask<Stored<IPAMHandle>?> GetHandleAsync(string handleId, CancellationToken ct) =>
        GetAsync<IPAMHandle>(ResourceKinds.IPAMHandle, IpamNames.HandleKey(handleId), ct);

    public ValueTask<Stored<Node>?> GetNodeAsync(string name, CancellationToken ct) =>
        GetAsync<Node>(ResourceKinds.Node, ResourceKey.Cluster(ResourceKinds.Node.StoreKind, name), ct);

    public ValueTask<Stored<IPAMConfiguration>?> GetConfigurationAsync(CancellationToken ct) =>
        GetAsync<IPAMConfiguration>(ResourceKinds.IPAMConfiguration, ResourceKey.Cluster(ResourceKinds.IPAMConfiguration.StoreKind, "default"), ct);

    public ValueTask<IReadOnlyList<Stored<IPAMBlock>>> ListBlocksAsync(CancellationToken ct) => ListAsync<IPAMBlock>(ResourceKinds.IPAMBlock, ct);

    public ValueTask<IReadOnlyList<Stored<BlockAffinity>>> ListAffinitiesAsync(CancellationToken ct) => ListAsync<BlockAffinity>(ResourceKinds.BlockAffinity, ct);

    public ValueTask<IReadOnlyList<Stored<IPAMHandle>>> ListHandlesAsync(CancellationToken ct) => ListAsync<IPAMHandle>(ResourceKinds.IPAMHandle, ct);

    public ValueTask<IReadOnlyList<Stored<IPPool>>> ListPoolsAsync(CancellationToken ct) => ListAsync<IPPool>(ResourceKinds.IPPool, ct);

    public ValueTask<IReadOnlyList<Stored<Node>>> ListNodesAsync(CancellationToken ct) => ListAsync<Node>(ResourceKinds.Node, ct);

    public ValueTask<IReadOnlyList<Stored<WorkloadEndpoint>>> ListEndpointsAsync(CancellationToken ct) => ListAsync<WorkloadEndpoint>(ResourceKinds.WorkloadEndpoint, ct);

    public async ValueTask<long> GetRevisionAsync(CancellationToken ct)
    {
        try
        {
            return await datastore.GetRevisionAsync(ct).ConfigureAwait(false);
        }
        catch (DatastoreException e)
        {
            throw Translate(e, "reading the revision");
        }
    }

    /// <summary>Commits <paramref name="ops"/> all-or-nothing; a changed, appeared or vanished resource is a lost race.</summary>
    public async ValueTask<CommitOutcome> TryCommitAsync(IReadOnlyList<TransactionOp> ops, CancellationToken ct)
    {
        try
        {
            var results = await datastore.CommitAsync(ops, ct).ConfigureAwait(false);
            return new CommitOutcome(true, results, null);
        }
        catch (DatastoreException e) when (e is RevisionConflictException or ResourceAlreadyExistsException or ResourceNotFoundException)
        {
            return CommitOutcome.Lost(e.OperationIndex);
        }
        catch (DatastoreException e)
        {
            throw Translate(e, "writing IPAM data");
        }
    }

    /// <summary>
    /// Refuses to write while ClusterInformation "default" says <c>datastoreReady: false</c>, as Calico's CNI plugin and
    /// IPAM do: <c>calicoctl datastore migrate lock</c> sets it so that nothing changes the datastore while it is
    /// exported, and an import writes it first so that nothing uses the target before <c>unlock</c>. A missing
    /// ClusterInformation, or one without the field, means ready. Checked once when an IPAM operation that writes
    /// starts (<see cref="IpamClient"/>), as Calico's CNI plugin does, not before each of its commits: an operation
    /// under way finishes, including its clean-up, rather than stopping half-way.
    /// </summary>
    public async ValueTask ThrowIfLockedAsync(CancellationToken ct)
    {
        var info = await GetAsync<ClusterInformation>(ResourceKinds.ClusterInformation, ClusterInformationKey, ct).ConfigureAwait(false);
        if (info?.Resource.Spec.DatastoreReady == false)
        {
            throw new IpamException(
                IpamErrorKind.DatastoreNotReady,
                "the datastore is locked for a migration (ClusterInformation \"default\" has spec.datastoreReady: false); " +
                "IPAM changes nothing until `calicoctl datastore migrate unlock`");
        }
    }

    public static TransactionOp Create(Resource resource) =>
        new TransactionOp.Create(KeyOf(resource), Encode(resource));

    public static TransactionOp Update(Resource resource, long revision) =>
        new TransactionOp.Update(KeyOf(resource), Encode(resource), revision);

    public static TransactionOp Delete(ResourceKey key, long revision) => new TransactionOp.Delete(key, revision);

    /// <summary>Fills in apiVersion, kind and name, as the datastore keeps them.</summary>
    public static T Prepare<T>(T resource, string name)
        where T : Resource
    {
        var kind = ResourceKinds.Of(resource);
        resource.ApiVersion = kind.ApiVersion;
        resource.Kind = kind.Kind;
        resource.Metadata.Name = name;
        resource.Metadata.ResourceVersion = null;
        return resource;
    }

    private static ResourceKey KeyOf(Resource resource) =>
        ResourceKey.Cluster(ResourceKinds.Of(resource).StoreKind, resource.Name);

    private static string Encode(Resource resource)
    {
        resource.Metadata.ResourceVersion = null;
        return ResourceCodec.EncodeJson(resource);
    }

    private async ValueTask<Stored<T>?> GetAsync<T>(ResourceKind kind, ResourceKey key, CancellationToken ct)
        where T : Resource
    {
        StoredResource? stored;
        try
        {
            stored = await datastore.GetAsync(key, ct).ConfigureAwait(false);
        }
        catch (DatastoreException e)
        {
            throw Translate(e, $"reading {key}");
        }

        return stored is null ? null : Decode<T>(kind, stored);
    }

    private async ValueTask<IReadOnlyList<Stored<T>>> ListAsync<T>(ResourceKind kind, CancellationToken ct)
        where T : Resource
    {
        ListResult listed;
        try
        {
            listed = await datastore.ListAsync(kind.StoreKind, null, ct).ConfigureAwait(false);
        }
        catch (DatastoreException e)
        {
            throw Translate(e, $"listing {kind.Plural}");
        }

        var result = new List<Stored<T>>(listed.Items.Count);
        foreach (var item in listed.Items)
        {
            result.Add(Decode<T>(kind, item));
        }

        return result;
    }

    private static Stored<T> Decode<T>(ResourceKind kind, StoredResource stored)
        where T : Resource
    {
        try
        {
            var resource = (T)ResourceCodec.DecodeStored(kind, stored.Value);
            resource.Metadata.Name ??= stored.Key.Name;
            resource.Metadata.Namespace ??= stored.Key.Namespace;
            return new Stored<T>(resource, stored.Revision);
        }
        catch (JsonException e)
        {
            throw new IpamException(IpamErrorKind.DatastoreError, $"the stored {stored.Key} cannot be read: {e.Message}", e);
        }
    }

    private static IpamException Translate(DatastoreException e, string what) => e is DatastoreUnavailableException
        ? new IpamException(IpamErrorKind.DatastoreUnavailable, $"the datastore is unavailable ({what}): {e.Message}", e)
        : new IpamException(IpamErrorKind.DatastoreError, $"the datastore failed ({what}): {e.Message}", e);
}
