using System.Collections.Concurrent;
using System.Globalization;

namespace Calico.Datastore.Etcd.Tests;

/// <summary>
/// The etcd backend through a member restart: the member a watcher is connected to is stopped (SIGTERM by PID) during a
/// burst of writes and started again on its data directory while the burst goes on.
/// </summary>
public sealed class EtcdMemberRestartTests(RestartEtcd etcd) : IClassFixture<RestartEtcd>
{
    private const int Clients = 3;
    private const int WritesPerClient = 300;

    [Fact]
    public async Task Burst_WatchedMemberStoppedAndRestarted_EveryAcknowledgedWritePresentAndWatcherSeesEachOnce()
    {
        var stores = new List<IDatastore>();
        try
        {
            var first = await etcd.OpenFreshStoreAsync();
            stores.Add(first);
            var prefix = ((EtcdDatastore)first).KeyPrefix;
            var revisionBase = ((EtcdDatastore)first).RevisionBase;
            const int Watched = 1;
            for (var i = 1; i < Clients; i++)
            {
                stores.Add(await DatastoreFactory.OpenEtcdAsync(new EtcdDatastoreOptions
                {
                    Endpoints = [.. etcd.Endpoints.Skip(i % 3), .. etcd.Endpoints.Take(i % 3)],
                    KeyPrefix = prefix,
                    RevisionBase = revisionBase,
                }));
            }

            // The watcher's first endpoint is the member that will be restarted.
            var watcherStore = await DatastoreFactory.OpenEtcdAsync(new EtcdDatastoreOptions
            {
                Endpoints = [.. etcd.Endpoints.Skip(Watched), .. etcd.Endpoints.Take(Watched)],
                KeyPrefix = prefix,
                RevisionBase = revisionBase,
            });
            stores.Add(watcherStore);

            using var watchTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            var seen = new ConcurrentQueue<WatchEvent>();
            var total = Clients * WritesPerClient;
            var expectedCount = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var watching = Task.Run(async () =>
            {
                await foreach (var change in watcherStore.WatchAsync(new WatchOptions("IPPool"), watchTimeout.Token))
                {
                    seen.Enqueue(change);
                    if (expectedCount.Task.IsCompleted && seen.Count >= await expectedCount.Task)
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

            await WaitForProgressAsync(() => Volatile.Read(ref progress), total / 4);
            var commandLine = await etcd.StopMemberAsync(Watched);
            await WaitForProgressAsync(() => Volatile.Read(ref progress), total / 2);
            await etcd.RestartMemberAsync(Watched, commandLine);
            await Task.WhenAll(writers);

            var list = await stores[0].ListAsync("IPPool");
            var present = list.Items.Select(r => r.Key.Name).ToHashSet(StringComparer.Ordinal);
            Assert.All(acknowledged, name => Assert.Contains(name, present));
            Assert.True(acknowledged.Count >= total * 9 / 10, $"only {acknowledged.Count} writes were acknowledged");

            expectedCount.SetResult(list.Items.Count);
            if (seen.Count < list.Items.Count)
            {
                await watching.WaitAsync(TimeSpan.FromSeconds(60));
            }

            var events = seen.ToList();
            Assert.Equal(list.Items.Count, events.Count);
            Assert.All(events, e => Assert.Equal(WatchEventType.Added, e.Type));
            Assert.Equal(present.Order(StringComparer.Ordinal), events.Select(e => e.Key.Name).Order(StringComparer.Ordinal));
            Assert.Equal(events.Select(e => e.Revision).Order(), events.Select(e => e.Revision));
            Assert.Equal(events.Count, events.Select(e => e.Revision).Distinct().Count());

            // The restarted member caught up: read from it alone.
            await using var onRestarted = await DatastoreFactory.OpenEtcdAsync(new EtcdDatastoreOptions
            {
                Endpoints = [etcd.Endpoints[Watched]],
                KeyPrefix = prefix,
                RevisionBase = revisionBase,
            });
            Assert.Equal(present.Order(StringComparer.Ordinal), (await onRestarted.ListAsync("IPPool")).Items.Select(r => r.Key.Name));
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

    private static async Task WaitForProgressAsync(Func<int> progress, int target)
    {
        while (progress() < target)
        {
            await Task.Delay(5);
        }
    }

    /// <summary>Creates the key, trying again while unavailable; true when the write is known to be applied.</summary>
    private static async Task<bool> CreateWithRetryAsync(IDatastore store, ResourceKey key)
    {
        var retried = false;
        for (var attempt = 0; attempt < 40; attempt++)
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
}
