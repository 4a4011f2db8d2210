using Calico.Api;
using Calico.Api.Serialization;
using Calico.Datastore;
using Calico.Policy;

namespace Calico.Lab.Tracing;

/// <summary>
/// Reads back, as stored, every resource the policy model uses, so a verdict is computed from exactly what the
/// datastore holds (the same resources Felix's calculation graph reads).
/// </summary>
public static class PolicyResources
{
    /// <summary>The kinds the policy model reads (PolicySnapshotBuilder); Kubernetes kinds are converted by the model itself.</summary>
    public static IReadOnlyList<ResourceKind> Kinds { get; } =
    [
        ResourceKinds.Tier, ResourceKinds.NetworkPolicy, ResourceKinds.GlobalNetworkPolicy, ResourceKinds.KubeNetworkPolicy,
        ResourceKinds.Profile, ResourceKinds.KubeNamespace, ResourceKinds.KubeServiceAccount, ResourceKinds.NetworkSet,
        ResourceKinds.GlobalNetworkSet, ResourceKinds.WorkloadEndpoint, ResourceKinds.HostEndpoint, ResourceKinds.FelixConfiguration,
    ];

    /// <summary>Every resource of <see cref="Kinds"/> in <paramref name="datastore"/>.</summary>
    public static async Task<IReadOnlyList<Resource>> ReadAsync(IDatastore datastore, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(datastore);
        var resources = new List<Resource>();
        foreach (var kind in Kinds)
        {
            var listed = await datastore.ListAsync(kind.StoreKind, null, ct).ConfigureAwait(false);
            resources.AddRange(listed.Items.Select(item => ResourceCodec.DecodeStored(kind, item.Value)));
        }

        return resources;
    }

    /// <summary>The policy model over what <paramref name="datastore"/> holds now.</summary>
    public static async Task<PolicyModel> ModelAsync(IDatastore datastore, CancellationToken ct = default) =>
        PolicyModel.Create(await ReadAsync(datastore, ct).ConfigureAwait(false));

    /// <summary>Every resource of <see cref="Kinds"/> in the SQLite datastore at <paramref name="sqlitePath"/>.</summary>
    public static async Task<IReadOnlyList<Resource>> ReadAsync(string sqlitePath, CancellationToken ct = default)
    {
        await using var datastore = await OpenAsync(sqlitePath, ct).ConfigureAwait(false);
        return await ReadAsync(datastore, ct).ConfigureAwait(false);
    }

    /// <summary>The datastore's revision now (after a write: at least that write's revision).</summary>
    public static async Task<long> RevisionAsync(string sqlitePath, CancellationToken ct = default)
    {
        await using var datastore = await OpenAsync(sqlitePath, ct).ConfigureAwait(false);
        return await datastore.GetRevisionAsync(ct).ConfigureAwait(false);
    }

    private static ValueTask<IDatastore> OpenAsync(string sqlitePath, CancellationToken ct) =>
        DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = sqlitePath }, ct);
}
