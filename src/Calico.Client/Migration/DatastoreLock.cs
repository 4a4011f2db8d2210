using System.Text.Json;
using Calico.Api;
using Calico.Api.Resources;
using Calico.Api.Serialization;
using Calico.Datastore;

namespace Calico.Client.Migration;

/// <summary>
/// The migration lock, as Calico keeps it: ClusterInformation "default" with <c>spec.datastoreReady: false</c>. IPAM
/// (and so the CNI plugin) refuses to write while it is set; other fields are kept. Locking a datastore without a
/// ClusterInformation creates one (new cluster GUID), as Calico's <c>EnsureInitialized</c> does.
/// </summary>
public sealed class DatastoreLock(IDatastore datastore)
{
    /// <summary>The key of the ClusterInformation that carries the lock.</summary>
    public static readonly ResourceKey Key = ResourceKey.Cluster(ResourceKinds.ClusterInformation.StoreKind, "default");

    private const int Attempts = 5;

    /// <summary>True when ClusterInformation "default" exists and says <c>datastoreReady: false</c>.</summary>
    public async ValueTask<bool> IsLockedAsync(CancellationToken ct = default) =>
        (await ReadAsync(ct).ConfigureAwait(false)).Info?.Spec.DatastoreReady == false;

    /// <summary>Whether <paramref name="stored"/>, ClusterInformation "default" as listed (null: absent), says the datastore is locked.</summary>
    public static bool IsLocked(StoredResource? stored) => stored is not null && Decode(stored).Spec.DatastoreReady == false;

    /// <summary>Sets <c>datastoreReady: false</c>. Returns false if it already was.</summary>
    public ValueTask<bool> LockAsync(string calicoVersion, CancellationToken ct = default) => SetReadyAsync(false, calicoVersion, ct);

    /// <summary>Sets <c>datastoreReady: true</c>. Returns false if it already was.</summary>
    public ValueTask<bool> UnlockAsync(string calicoVersion, CancellationToken ct = default) => SetReadyAsync(true, calicoVersion, ct);

    private async ValueTask<bool> SetReadyAsync(bool ready, string calicoVersion, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (stored, info) = await ReadAsync(ct).ConfigureAwait(false);
            if (info?.Spec.DatastoreReady == ready)
            {
                return false;
            }

            info ??= new ClusterInformation
            {
                Spec = new ClusterInformationSpec { ClusterGuid = Guid.NewGuid().ToString("N"), CalicoVersion = calicoVersion, ClusterType = datastore.BackendName },
            };
            info.ApiVersion = ResourceKinds.ClusterInformation.ApiVersion;
            info.Kind = ResourceKinds.ClusterInformation.Kind;
            info.Metadata.Name = Key.Name;
            info.Metadata.ResourceVersion = null;
            info.Spec.DatastoreReady = ready;
            var json = ResourceCodec.EncodeJson(info);
            try
            {
                if (stored is null)
                {
                    await datastore.CreateAsync(Key, json, ct).ConfigureAwait(false);
                }
                else
                {
                    await datastore.UpdateAsync(Key, json, stored.Revision, ct).ConfigureAwait(false);
                }

                return true;
            }
            catch (DatastoreException e) when (attempt < Attempts && e is RevisionConflictException or ResourceAlreadyExistsException or ResourceNotFoundException)
            {
                // Someone else wrote ClusterInformation meanwhile: read it again.
            }
        }
    }

    private async ValueTask<(StoredResource? Stored, ClusterInformation? Info)> ReadAsync(CancellationToken ct)
    {
        var stored = await datastore.GetAsync(Key, ct).ConfigureAwait(false);
        return stored is null ? (null, null) : (stored, Decode(stored));
    }

    private static ClusterInformation Decode(StoredResource stored)
    {
        try
        {
            return (ClusterInformation)ResourceCodec.DecodeStored(ResourceKinds.ClusterInformation, stored.Value);
        }
        catch (JsonException e)
        {
            throw new MigrationException($"the stored {Key} cannot be read: {e.Message}", e);
        }
    }
}
