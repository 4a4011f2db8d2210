using System.Collections.Concurrent;
using System.Globalization;

namespace Calico.Datastore.Etcd.Tests;

/// <summary>
/// The etcd backend through a leader failure: a three-member cluster loses its leader (SIGKILL) in the middle of a
/// burst of writes from several clients.
/// </summary>
public sealed class EtcdLeaderFailureTests(FaultEtcd etcd) : IClassFixture<FaultEtcd>
{
    private const int Clients = 4;
    private const int WritesPerClient = 250;

    [Fact]
    public async Task Burst_LeaderKilled_EveryAcknowledgedWritePresentAndWatcherSeesEachOnce()
    {
        var stores = new List<IDatastore>();
        try
        {
            var first = await etcd.OpenFreshStoreAsync();
            stores.Add(first);
            for (var i = 1; i < Clients; i++)
            {
                // Each client starts on another member, so one of them talks to the leader when it dies.
                stores.Add(await DatastoreFactory.OpenEtcdAsync(new EtcdDatastoreOptions
                {
                    Endpoints = [.. etcd.Endpoints.Skip(i % etcd.Endpoints.Count), .. etcd.Endpoints.Take(i % etcd.Endpoints.Count)],
                    KeyPrefix = PrefixOf(first),
                    RevisionBase = BaseOf(first),
                }));
            }

            var leader = await etcd.LeaderAsync();
            var watcherStore = await DatastoreFactory.OpenEtcdAsync(new EtcdDatastoreOptions
            {
                // The watcher starts on the leader, so its stream breaks and must resume elsewhere.
                Endpoints = [.. etcd.Endpoints.Skip(leader), .. etcd.Endpoints.Take(leader)],
                KeyPrefix = PrefixOf(first),
                RevisionBase = BaseOf(first),
            });
            stores.Add(watcherStore);

            using var watchTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            var seen = new List<WatchEvent>();
            var allWritten = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var watching = Task.Run(async () =>
            {
                await foreach (var change in watcherStore.WatchAsync(new WatchOptions("IPPool"), watchTimeout.Token))
                {
                    seen.Add(change);
                    if (allWritten.Task.IsCompleted && seen.Count >= allWritten.Task.Result)
                    {
                        return;
                    }
                }
            });

            var acknowledged = new ConcurrentBag<string>();
            var progress = 0;
            var writers = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
            {
                for (var i = 0; i < WritesPerClient; i++)
                {
                    var name = string.Create(CultureInfo.InvariantCulture, $"c{c}-{i:D4}");
                    if (await CreateWithRetryAsync(stores[c], ResourceKey.Cluster("IPPool", name)))
                    {
                        acknowledged.Add(name);
                    }

                    Interlocked.Increment(ref progress);
                }
            })).ToList();

            while (Volatile.Read(ref progress) < Clients * WritesPerClient / 3)
            {
                await Task.Delay(5);
            }

            await etcd.KillMemberAsync(leader);
            await Task.WhenAll(writers);

            var list = await stores[(leader + 1) % Clients].ListAsync("IPPool");
            var present = list.Items.Select(r => r.Key.Name).ToHashSet(StringComparer.Ordinal);
            Assert.All(acknowledged, name => Assert.Contains(name, present));
            Assert.True(acknowledged.Count >= Clients * WritesPerClient * 9 / 10, $"only {acknowledged.Count} writes were acknowledged");

            allWritten.SetResult(list.Items.Count);
            if (seen.Count < list.Items.Count)
            {
                // Wake the watcher if it already holds everything; otherwise it returns when the count is reached.
                await watching.WaitAsync(TimeSpan.FromSeconds(60));
            }

            Assert.Equal(list.Items.Count, seen.Count);
            Assert.All(seen, e => Assert.Equal(WatchEventType.Added, e.Type));
            Assert.Equal(present.Order(StringComparer.Ordinal), seen.Select(e => e.Key.Name).Order(StringComparer.Ordinal));
            Assert.Equal(seen.Select(e => e.Revision).Order(), seen.Select(e => e.Revision));
            Assert.Equal(seen.Count, seen.Select(e => e.Revision).Distinct().Count());
            await watchTimeout.CancelAsync();
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Creates the key, trying again while the cluster is unavailable. True when the write is known to be applied: it
    /// returned, or a retry found the key (an earlier attempt was applied but its answer was lost).
    /// </summary>
    private static async Task<bool> CreateWithRetryAsync(IDatastore store, ResourceKey key)
    {
        var retried = false;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            try
            {
                await store.CreateAsync(key, $$$"""{"metadata":{"name":"{{{key.Name}}}"}}""");
                return true;
            }
            catch (ResourceAlreadyExistsException) when (retried)
            {
                return true;
            }
            catch (DatastoreUnavailableException)
            {
                retried = true;
                await Task.Delay(50);
            }
        }

        return false;
    }

    private static string PrefixOf(IDatastore store) => ((EtcdDatastore)store).KeyPrefix;

    private static long BaseOf(IDatastore store) => ((EtcdDatastore)store).RevisionBase;
}
