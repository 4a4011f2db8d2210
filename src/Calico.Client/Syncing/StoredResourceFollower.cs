using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Calico.Datastore;

namespace Calico.Client.Syncing;

/// <summary>
/// Follows the datastore for a set of kinds without decoding anything, as Typha's syncer does: list every kind (a page
/// at a time where the store can), report the snapshot and <see cref="StoredInSync"/>, then follow one watch. Each
/// kind's events at or below the revision its list was taken at are dropped, so nothing is reported twice. When the
/// watch falls behind a compaction it re-lists and reports only the differences (including deletions that happened
/// meanwhile), then <see cref="StoredInSync"/> again. Unchanged values are never reported twice.
/// </summary>
/// <remarks>
/// The follower remembers what it reported across enumerations: running <see cref="RunAsync"/> again after a failure
/// (the datastore was unreachable) starts with <see cref="StoredResyncing"/> and reports only the differences.
/// </remarks>
public sealed class StoredResourceFollower(IDatastore datastore, IReadOnlyList<string> storeKinds)
{
    private readonly HashSet<string> _kinds = new(storeKinds, StringComparer.Ordinal);
    // What was last reported per key, as a 128-bit digest of its stored text: enough to recognise an unchanged resource
    // on a re-list or an identical rewrite, without keeping the text (100k resources' JSON is hundreds of MB).
    private readonly Dictionary<ResourceKey, UInt128> _known = [];
    private bool _listedBefore;

    /// <summary>Resources per page when the store lists in pages (<see cref="IPagedListing"/>).</summary>
    public const int PageSize = 1000;

    /// <summary>The kinds followed, as stored.</summary>
    public IReadOnlyCollection<string> StoreKinds => _kinds;

    public async IAsyncEnumerable<StoredSyncUpdate> RunAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        var reason = _listedBefore ? "following the datastore again after an interruption" : null;
        while (true)
        {
            if (reason is not null)
            {
                yield return new StoredResyncing(reason);
            }

            _listedBefore = true;
            var listedAt = new Dictionary<string, long>(StringComparer.Ordinal);
            var seen = new HashSet<ResourceKey>();
            foreach (var kind in storeKinds)
            {
                // A page at a time where the store can (a large kind's stored text is hundreds of MB), each update
                // handed on at once, so the listing never piles up.
                ResourceKey? after = null;
                long? listed = null;
                while (true)
                {
                    var page = datastore is IPagedListing paged
                        ? await paged.ListPageAsync(kind, after, PageSize, ct).ConfigureAwait(false)
                        : await datastore.ListAsync(kind, null, ct).ConfigureAwait(false);
                    listed ??= page.Revision;
                    foreach (var item in page.Items)
                    {
                        seen.Add(item.Key);
                        if (Apply(item.Key, item.Value, item.Revision) is { } update)
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
                listedAt[kind] = listed.Value;
            }

            foreach (var gone in _known.Keys.Where(k => !seen.Contains(k)).ToList())
            {
                _known.Remove(gone);
                yield return new StoredResourceDeleted(gone, listedAt[gone.Kind]);
            }

            var from = listedAt.Values.DefaultIfEmpty(0).Min();
            yield return new StoredInSync(listedAt.Values.DefaultIfEmpty(0).Max());

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

                    if (!listedAt.TryGetValue(change.Key.Kind, out var kindListedAt) || change.Revision <= kindListedAt)
                    {
                        continue;
                    }

                    if (change.Type == WatchEventType.Deleted)
                    {
                        if (_known.Remove(change.Key))
                        {
                            yield return new StoredResourceDeleted(change.Key, change.Revision);
                        }
                    }
                    else if (Apply(change.Key, change.Value!, change.Revision) is { } update)
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

    /// <summary>A 128-bit digest of stored text: equal digests mean the same text (SHA-256, truncated).</summary>
    public static UInt128 Digest(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return Digest(bytes);
    }

    /// <summary>A 128-bit digest of UTF-8 stored text, as <see cref="Digest(string)"/>.</summary>
    public static UInt128 Digest(ReadOnlySpan<byte> utf8)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8, hash);
        return BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }

    private StoredResourceChanged? Apply(ResourceKey key, string value, long revision)
    {
        var digest = Digest(value);
        if (_known.TryGetValue(key, out var previous) && previous == digest)
        {
            return null;
        }

        _known[key] = digest;
        return new StoredResourceChanged(key, value, revision);
    }
}
