using Calico.Client.Syncing;
using Calico.Datastore;
using Calico.Typha.Protocol;

namespace Calico.Typha.Tests;

/// <summary>What a client receives: snapshot, in-sync, deltas; a client joining mid-burst; a slow client is dropped and resyncs.</summary>
public sealed class SyncStreamTests
{
    [Fact]
    public async Task Connect_SnapshotThenInSyncThenDeltas_InOrderAndComplete()
    {
        await using var store = await TestStore.CreateAsync();
        for (var i = 0; i < 300; i++)
        {
            await store.Store.CreateAsync(Resources.PoolKey($"p{i}"), Resources.Pool($"p{i}", $"10.{i / 256}.{i % 256}.0/24"));
        }

        await using var typha = await TestTypha.StartAsync(store);
        await typha.WaitInSyncAsync();
        await using var client = await RawClient.ConnectAsync(typha.Address.Port);

        Assert.IsType<ServerHello>(await client.ReadAsync());
        var snapshot = new List<TyphaKv>();
        TyphaMessage? message;
        while ((message = await client.ReadAsync()) is KvBatch batch)
        {
            snapshot.AddRange(batch.Kvs);
        }

        var status = Assert.IsType<SyncStatus>(message);
        Assert.True(status.InSync);
        Assert.Equal(300, status.Revision);
        Assert.Equal(300, snapshot.Count);
        var stored = (await store.Store.ListAsync("IPPool")).Items.ToDictionary(i => i.Key);
        Assert.All(snapshot, kv => Assert.Equal(stored[kv.Key].Value, kv.Value));

        await store.Store.UpdateAsync(Resources.PoolKey("p1"), Resources.Pool("p1", "10.200.1.0/24"), null);
        await store.Store.DeleteAsync(Resources.PoolKey("p2"));
        await store.Store.CreateAsync(Resources.PoolKey("new"), Resources.Pool("new", "10.201.0.0/24"));
        var deltas = new List<TyphaKv>();
        while (deltas.Count < 3)
        {
            deltas.AddRange(Assert.IsType<KvBatch>(await client.ReadAsync()).Kvs);
        }

        Assert.Equal(["p1", "p2", "new"], deltas.Select(d => d.Key.Name));
        Assert.Equal([301L, 302L, 303L], deltas.Select(d => d.Revision));
        Assert.Equal(Resources.Pool("p1", "10.200.1.0/24"), deltas[0].Value);
        Assert.True(deltas[1].IsDeletion);
    }

    [Fact]
    public async Task SyncSource_DecodesLikeResourceSyncer_SnapshotInSyncThenChanges()
    {
        await using var store = await TestStore.CreateAsync();
        await store.Store.CreateAsync(Resources.PoolKey("a"), Resources.Pool("a", "10.1.0.0/16"));
        await store.Store.CreateAsync(Resources.NetworkSetKey("db"), Resources.NetworkSet("db", "10.9.0.0/24"));
        await store.Store.CreateAsync(ResourceKey.Cluster("IPPool", "broken"), "{not json");
        await using var typha = await TestTypha.StartAsync(store);
        await using var viaTypha = new SyncState(typha.Client());
        await using var direct = new SyncState(new ResourceSyncer(store.Store, SyncerKinds.Felix));

        await viaTypha.WaitForAsync(s => s.Count<InSync>() == 1, "in sync");
        await store.Store.DeleteAsync(Resources.PoolKey("a"));
        await viaTypha.WaitForStoreStateAsync(store, SyncerType.Felix);
        await direct.WaitForStoreStateAsync(store, SyncerType.Felix);

        Assert.Equal(Describe(direct.Updates).Order(StringComparer.Ordinal), Describe(viaTypha.Updates).Order(StringComparer.Ordinal));
        Assert.Single(viaTypha.Updates.OfType<ResourceUndecodable>());
    }

    [Fact]
    public async Task JoinDuringBurst_EndsWithExactlyTheDatastoreState()
    {
        await using var store = await TestStore.CreateAsync();
        await using var typha = await TestTypha.StartAsync(store);
        await typha.WaitInSyncAsync();
        var writes = Task.Run(async () =>
        {
            for (var i = 0; i < 600; i++)
            {
                var name = $"s{i % 97}";
                var key = Resources.NetworkSetKey(name);
                if (i % 5 == 4)
                {
                    if (await store.Store.GetAsync(key) is not null)
                    {
                        await store.Store.DeleteAsync(key);
                    }
                }
                else if (await store.Store.GetAsync(key) is null)
                {
                    await store.Store.CreateAsync(key, Resources.NetworkSet(name, $"10.0.{i % 256}.0/24"));
                }
                else
                {
                    await store.Store.UpdateAsync(key, Resources.NetworkSet(name, $"10.1.{i % 256}.0/24"), null);
                }
            }
        });

        await Task.Delay(100);
        await using var client = new SyncState(typha.Client());
        await writes;

        await client.WaitForStoreStateAsync(store, SyncerType.Felix);
        Assert.Equal(1, client.Count<InSync>());
    }

    [Fact]
    public async Task NonReadingRawClient_IsDroppedAsFallenBehind()
    {
        await using var store = await TestStore.CreateAsync();
        await using var typha = await TestTypha.StartAsync(store, TestTypha.FastOptions with { MaxFallBehind = TimeSpan.FromSeconds(1) });
        await typha.WaitInSyncAsync();
        await using var client = await RawClient.ConnectAsync(typha.Address.Port, receiveBuffer: 4096);
        await WaitAsync(() => typha.Server.ActiveConnections == 1, "the client to connect");

        await WriteLargeAsync(store, rounds: 2);

        await WaitAsync(() => typha.Metrics.Render().Contains("typha_connections_dropped_total{reason=\"fell-behind\"} 1", StringComparison.Ordinal), "the fell-behind drop");
        await WaitAsync(() => typha.Server.ActiveConnections == 0, "the connection to close");
    }

    [Fact]
    public async Task PausedLibraryClient_IsDroppedThenResyncsToTheDatastoreState()
    {
        await using var store = await TestStore.CreateAsync();
        await store.Store.CreateAsync(Resources.PoolKey("doomed"), Resources.Pool("doomed", "10.250.0.0/24"));
        await using var typha = await TestTypha.StartAsync(store, TestTypha.FastOptions with { MaxFallBehind = TimeSpan.FromSeconds(1) });
        await using var client = new SyncState(typha.Client());
        await client.WaitForAsync(s => s.Count<InSync>() == 1, "in sync");

        await client.PauseAsync();
        await WriteLargeAsync(store, rounds: 3);
        await store.Store.DeleteAsync(Resources.PoolKey("doomed"));
        await WaitAsync(() => typha.Metrics.Render().Contains("typha_connections_dropped_total{reason=\"fell-behind\"} 1", StringComparison.Ordinal), "the fell-behind drop", TimeSpan.FromSeconds(60));
        client.Resume();

        await client.WaitForStoreStateAsync(store, SyncerType.Felix);
        await client.WaitForAsync(s => s.Updates[^1] is InSync && s.Count<Resyncing>() == 1, "resync then in sync");
        var afterResync = client.Updates.SkipWhile(u => u is not Resyncing).ToList();
        // Only differences after the resync: no pool is reported twice with the same revision.
        Assert.Equal(client.Updates.OfType<ResourceUpdated>().Count(), client.Updates.OfType<ResourceUpdated>().Select(u => (u.Resource.Metadata.Name, u.Revision)).Distinct().Count());
        Assert.Contains(afterResync, u => u is ResourceDeleted { Key.Name: "doomed" });
    }

    /// <summary>Rewrites 100 pools with 64 KiB annotations per round (several MB: more than the sockets buffer).</summary>
    internal static async Task WriteLargeAsync(TestStore store, int rounds)
    {
        var big = new string('x', 64 * 1024);
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < 100; i++)
            {
                var key = Resources.PoolKey($"big{i}");
                var value = Resources.Pool($"big{i}", $"10.{100 + i}.0.0/16", big + round);
                if (round == 0)
                {
                    await store.Store.CreateAsync(key, value);
                }
                else
                {
                    await store.Store.UpdateAsync(key, value, null);
                }
            }
        }
    }

    internal static async Task WaitAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    private static List<string> Describe(IEnumerable<SyncUpdate> updates) => [.. updates.Select(u => u switch
    {
        ResourceUpdated x => $"updated {x.Kind.Kind} {x.Resource.Metadata.Name} {x.Revision} {x.Resource.Metadata.ResourceVersion}",
        ResourceDeleted x => $"deleted {x.Key} {x.Revision}",
        ResourceUndecodable x => $"undecodable {x.Key} {x.Revision}",
        InSync x => $"in sync {x.Revision}",
        _ => u.ToString()!,
    })];
}
