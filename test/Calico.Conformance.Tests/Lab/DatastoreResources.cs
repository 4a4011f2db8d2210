using Calico.Api;
using Calico.Api.Serialization;
using Calico.Datastore;

namespace Calico.Conformance.Tests.Lab;

/// <summary>Reads back, as stored, every resource the policy model uses (the expected matrix is computed from exactly what the datastore holds).</summary>
public static class DatastoreResources
{
    /// <summary>The kinds the policy model reads (PolicySnapshotBuilder).</summary>
    public static readonly IReadOnlyList<ResourceKind> PolicyKinds =
    [
        ResourceKinds.Tier, ResourceKinds.NetworkPolicy, ResourceKinds.GlobalNetworkPolicy, ResourceKinds.KubeNetworkPolicy,
        ResourceKinds.Profile, ResourceKinds.KubeNamespace, ResourceKinds.KubeServiceAccount, ResourceKinds.NetworkSet,
        ResourceKinds.GlobalNetworkSet, ResourceKinds.WorkloadEndpoint, ResourceKinds.HostEndpoint, ResourceKinds.FelixConfiguration,
    ];

    public static async Task<IReadOnlyList<Resource>> ReadAsync(IDatastore datastore, CancellationToken ct = default)
    {
        var resources = new List<Resource>();
        foreach (var kind in PolicyKinds)
        {
            var listed = await datastore.ListAsync(kind.StoreKind, null, ct);
            resources.AddRange(listed.Items.Select(item => ResourceCodec.DecodeStored(kind, item.Value)));
        }

        return resources;
    }

    public static async Task<IReadOnlyList<Resource>> ReadAsync(string sqlitePath, CancellationToken ct = default)
    {
        await using var datastore = await OpenAsync(sqlitePath, ct);
        return await ReadAsync(datastore, ct);
    }

    /// <summary>The datastore's revision now (after a write: at least that write's revision).</summary>
    public static async Task<long> RevisionAsync(string sqlitePath, CancellationToken ct = default)
    {
        await using var datastore = await OpenAsync(sqlitePath, ct);
        return await datastore.GetRevisionAsync(ct);
    }

    private static ValueTask<IDatastore> OpenAsync(string sqlitePath, CancellationToken ct) =>
        DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = sqlitePath }, ct);
}
