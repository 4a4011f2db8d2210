using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Calico.Api;
using Calico.Api.Serialization;
using Calico.Datastore;

namespace Calico.Client.Syncing;

/// <summary>
/// Turns the datastore into one ordered stream of typed updates for a set of kinds, as Felix's syncer does: a
/// <see cref="StoredResourceFollower"/> (list, snapshot, <see cref="InSync"/>, then one watch; re-list after a
/// compaction reporting only differences; unchanged values never reported twice) whose stored text is decoded here.
/// </summary>
public sealed class ResourceSyncer(IDatastore datastore, IReadOnlyList<ResourceKind> kinds) : ISyncSource
{
    private readonly Dictionary<string, ResourceKind> _byStoreKind = kinds.ToDictionary(k => k.StoreKind, StringComparer.Ordinal);
    private readonly StoredResourceFollower _follower = new(datastore, [.. kinds.Select(k => k.StoreKind)]);

    /// <summary>Resources per page when the store lists in pages (<see cref="IPagedListing"/>).</summary>
    public const int PageSize = StoredResourceFollower.PageSize;

    public async IAsyncEnumerable<SyncUpdate> RunAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var update in _follower.RunAsync(ct).ConfigureAwait(false))
        {
            yield return update switch
            {
                StoredResourceChanged changed => Decode(_byStoreKind[changed.Key.Kind], changed.Key, changed.Value, changed.Revision),
                StoredResourceDeleted deleted => new ResourceDeleted(_byStoreKind[deleted.Key.Kind], deleted.Key, deleted.Revision),
                StoredInSync inSync => new InSync(inSync.Revision),
                StoredResyncing resyncing => new Resyncing(resyncing.Reason),
                _ => throw new InvalidOperationException($"unexpected update {update}"),
            };
        }
    }

    /// <summary>Decodes stored text as <paramref name="kind"/>, with its revision as resourceVersion; undecodable text is reported as such.</summary>
    public static SyncUpdate Decode(ResourceKind kind, ResourceKey key, string value, long revision)
    {
        try
        {
            var resource = ResourceCodec.DecodeStored(kind, value);
            resource.Metadata.ResourceVersion = revision.ToString(CultureInfo.InvariantCulture);
            return new ResourceUpdated(kind, resource, revision);
        }
        catch (JsonException e)
        {
            return new ResourceUndecodable(kind, key, e.Message, revision);
        }
    }
}
