using System.Runtime.CompilerServices;
using System.Text.Json;
using Calico.Api;
using Calico.Api.Serialization;
using Calico.Datastore;

namespace Calico.Client.Syncing;

/// <summary>
/// Turns the datastore into one ordered stream of typed updates for a set of kinds, as Felix's and Typha's syncers do:
/// list every kind, report the snapshot and <see cref="InSync"/>, then follow one watch. Each kind's events at or below
/// the revision its list was taken at are dropped, so nothing is reported twice. When the watch falls behind a compaction
/// it re-lists and reports only the differences (including deletions that happened meanwhile), then
/// <see cref="InSync"/> again. Unchanged values are never reported twice.
/// </summary>
public sealed class ResourceSyncer(IDatastore datastore, IReadOnlyList<ResourceKind> kinds)
{
    private readonly Dictionary<string, ResourceKind> _byStoreKind = kinds.ToDictionary(k => k.StoreKind, StringComparer.Ordinal);
    // What was last sent per key, as a 128-bit digest of its stored text: enough to recognise an unchanged resource on
    // a re-list or an identical rewrite, without keeping the text (100k resources' JSON is hundreds of MB).
    private readonly Dictionary<ResourceKey, UInt128> _known = [];

    /// <summary>Resources per page when the store lists in pages (<see cref="IPagedListing"/>).</summary>
    public const int PageSize = 1000;

    public async IAsyncEnumerable<SyncUpdate> RunAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        var reason = (string?)null;
        while (true)
        {
            if (reason is not null)
            {
                yield return new Resyncing(reason);
            }

            var listedAt = new Dictionary<string, long>(StringComparer.Ordinal);
            var seen = new HashSet<ResourceKey>();
            foreach (var kind in kinds)
            {
                // A page at a time where the store can (a large kind's stored text is hundreds of MB), each update
                // handed on as soon as it is decoded, so neither the listing nor the decoded resources pile up.
                ResourceKey? after = null;
                long? listed = null;
                while (true)
                {
                    var page = datastore is IPagedListing paged
                        ? await paged.ListPageAsync(kind.StoreKind, after, PageSize, ct).ConfigureAwait(false)
                        : await datastore.ListAsync(kind.StoreKind, null, ct).ConfigureAwait(false);
                    listed ??= page.Revision;
                    foreach (var item in page.Items)
                    {
                        seen.Add(item.Key);
                        if (Apply(kind, item.Key, item.Value, item.Revision) is { } update)
                        {
                            yield return update;
                        }
                    }

                    if (datastore is not IPagedListing || page.Items.Count < PageSize)
                    {
                        break;
                    }

                    after = page.Items[^1].Key;
                }

                // Later pages may show changes made after the first was read; the watch from here repeats them, and
                // unchanged values are not reported twice.
                listedAt[kind.StoreKind] = listed.Value;
            }

            foreach (var gone in _known.Keys.Where(k => !seen.Contains(k)).ToList())
            {
                _known.Remove(gone);
                yield return new ResourceDeleted(_byStoreKind[gone.Kind], gone, listedAt[gone.Kind]);
            }

            var from = listedAt.Values.DefaultIfEmpty(0).Min();
            yield return new InSync(listedAt.Values.DefaultIfEmpty(0).Max());

            var watch = datastore.WatchAsync(new WatchOptions(AfterRevision: from), ct).GetAsyncEnumerator(ct);
            try
            {
                while (true)
                {
                    WatchEvent change;
                    try
                    {
                        if (!await watch.MoveNextAsync().ConfigureAwait(false))
                        {
                            yield break;
                        }

                        change = watch.Current;
                    }
                    catch (RevisionCompactedException e)
                    {
                        reason = e.Message;
                        break;
                    }

                    if (!_byStoreKind.TryGetValue(change.Key.Kind, out var kind) || change.Revision <= listedAt[kind.StoreKind])
                    {
                        continue;
                    }

                    if (change.Type == WatchEventType.Deleted)
                    {
                        if (_known.Remove(change.Key))
                        {
                            yield return new ResourceDeleted(kind, change.Key, change.Revision);
                        }
                    }
                    else if (Apply(kind, change.Key, change.Value!, change.Revision) is { } update)
                    {
                        yield return update;
                    }
                }
            }
            finally
            {
                await watch.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private SyncUpdate? Apply(ResourceKind kind, ResourceKey key, string value, long revision)
    {
        var digest = Digest(value);
        if (_known.TryGetValue(key, out var previous) && previous == digest)
        {
            return null;
        }

        _known[key] = digest;
        try
        {
            var resource = ResourceCodec.DecodeStored(kind, value);
            resource.Metadata.ResourceVersion = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new ResourceUpdated(kind, resource, revision);
        }
        catch (JsonException e)
        {
            return new ResourceUndecodable(kind, key, e.Message, revision);
        }
    }

    private static UInt128 Digest(string value)
    {
        Span<byte> hash = stackalloc byte[System.Security.Cryptography.SHA256.HashSizeInBytes];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value), hash);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }
}
