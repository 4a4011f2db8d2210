namespace Calico.Datastore.Conformance;

public abstract partial class DatastoreConformanceTests
{
    [Fact]
    public async Task Watch_FromZero_ReplaysEveryChangeInOrder()
    {
        await using var store = await CreateDatastoreAsync();
        await store.CreateAsync(Pool("a"), Json("a", 1));
        await store.UpdateAsync(Pool("a"), Json("a", 2), null);
        await store.CreateAsync(Policy("app", "p"), Json("p"));
        await store.DeleteAsync(Pool("a"));

        var events = await WatchAndTakeAsync(store, new WatchOptions(), 4);

        Assert.Equal(
            [
                new WatchEvent(WatchEventType.Added, Pool("a"), Json("a", 1), null, 1),
                new WatchEvent(WatchEventType.Modified, Pool("a"), Json("a", 2), Json("a", 1), 2),
                new WatchEvent(WatchEventType.Added, Policy("app", "p"), Json("p"), null, 3),
                new WatchEvent(WatchEventType.Deleted, Pool("a"), null, Json("a", 2), 4),
            ],
            events);
    }

    [Fact]
    public async Task Watch_AfterRevision_DeliversOnlyLaterChanges()
    {
        await using var store = await CreateDatastoreAsync();
        for (var i = 0; i < 5; i++)
        {
            await store.CreateAsync(Pool($"p{i}"), Json($"p{i}"));
        }

        var events = await WatchAndTakeAsync(store, new WatchOptions(AfterRevision: 3), 2);

        Assert.Equal([4L, 5L], events.Select(e => e.Revision));
        Assert.Equal([Pool("p3"), Pool("p4")], events.Select(e => e.Key));
    }

    [Fact]
    public async Task Watch_LiveChanges_AreDeliveredAsTheyHappen()
    {
        await using var store = await CreateDatastoreAsync();
        using var cts = new CancellationTokenSource(WatchTimeout);
        await using var watch = store.WatchAsync(new WatchOptions(), cts.Token).GetAsyncEnumerator(cts.Token);
        var first = watch.MoveNextAsync().AsTask();
        await Task.Delay(50);
        Assert.False(first.IsCompleted);

        await store.CreateAsync(Pool("a"), Json("a"));
        Assert.True(await first);
        Assert.Equal(new WatchEvent(WatchEventType.Added, Pool("a"), Json("a"), null, 1), watch.Current);

        await store.UpdateAsync(Pool("a"), Json("a", 1), null);
        Assert.Equal(WatchEventType.Modified, (await NextAsync(watch)).Type);
    }

    [Fact]
    public async Task Watch_ListThenWatchWhileWriting_HasNoGapsOrDuplicates()
    {
        await using var store = await CreateDatastoreAsync();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 150; i++)
            {
                var key = Pool($"p{i % 20}");
                if (await store.GetAsync(key) is { } existing)
                {
                    if (i % 3 == 0)
                    {
                        await store.DeleteAsync(key, existing.Revision);
                    }
                    else
                    {
                        await store.UpdateAsync(key, Json(key.Name, i), existing.Revision);
                    }
                }
                else
                {
                    await store.CreateAsync(key, Json(key.Name, i));
                }
            }
        });
        while (await store.GetRevisionAsync() < 30 && !writer.IsCompleted)
        {
            await Task.Delay(1);
        }

        var list = await store.ListAsync("IPPool");
        var state = list.Items.ToDictionary(r => r.Key, r => r.Value);
        await writer;
        var final = await store.ListAsync("IPPool");

        var events = await WatchAndTakeAsync(store, new WatchOptions("IPPool", AfterRevision: list.Revision), (int)(final.Revision - list.Revision));
        foreach (var change in events)
        {
            if (change.Type == WatchEventType.Added)
            {
                Assert.True(state.TryAdd(change.Key, change.Value!), $"Added twice: {change}");
            }
            else
            {
                Assert.True(state.TryGetValue(change.Key, out var previous), $"Change to a missing key: {change}");
                Assert.Equal(previous, change.PreviousValue);
                if (change.Type == WatchEventType.Deleted)
                {
                    state.Remove(change.Key);
                }
                else
                {
                    state[change.Key] = change.Value!;
                }
            }
        }

        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => list.Revision + i), events.Select(e => e.Revision));
        Assert.Equal(final.Items.ToDictionary(r => r.Key, r => r.Value), state);
    }

    [Fact]
    public async Task Watch_ManyConcurrentWriters_DeliversEveryRevisionOnceInOrder()
    {
        await using var store = await CreateDatastoreAsync();
        const int writers = 4, writesEach = 60;
        var watching = WatchAndTakeAsync(store, new WatchOptions(), writers * writesEach);

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < writesEach; i++)
            {
                await store.CreateAsync(Policy($"ns{w}", $"p{i}"), Json($"p{i}", w));
            }
        })));
        var events = await watching;

        Assert.Equal(Enumerable.Range(1, writers * writesEach).Select(i => (long)i), events.Select(e => e.Revision));
        Assert.Equal(writers * writesEach, events.Select(e => e.Key).Distinct().Count());
        for (var w = 0; w < writers; w++)
        {
            var ns = $"ns{w}";
            Assert.Equal(
                Enumerable.Range(0, writesEach).Select(i => $"p{i}"),
                events.Where(e => e.Key.Namespace == ns).Select(e => e.Key.Name));
        }
    }

    [Fact]
    public async Task Watch_KindFilter_DeliversOnlyThatKind()
    {
        await using var store = await CreateDatastoreAsync();
        await store.CreateAsync(Pool("a"), Json("a"));
        await store.CreateAsync(Policy("app", "a"), Json("a"));
        await store.CreateAsync(ResourceKey.Cluster("GlobalNetworkPolicy", "a"), Json("a"));
        await store.UpdateAsync(Policy("app", "a"), Json("a", 1), null);
        await store.CreateAsync(Policy("db", "sentinel"), Json("sentinel"));

        var events = await WatchAndTakeAsync(store, new WatchOptions(Kind: "NetworkPolicy"), 3);

        Assert.All(events, e => Assert.Equal("NetworkPolicy", e.Key.Kind));
        Assert.Equal([2L, 4L, 5L], events.Select(e => e.Revision));
    }

    [Fact]
    public async Task Watch_NamespaceFilter_DeliversOnlyThatNamespace()
    {
        await using var store = await CreateDatastoreAsync();
        await store.CreateAsync(Policy("app", "a"), Json("a"));
        await store.CreateAsync(Policy("db", "a"), Json("a"));
        await store.CreateAsync(Pool("app"), Json("app"));
        await store.CreateAsync(ResourceKey.Namespaced("NetworkSet", "app", "s"), Json("s"));
        await store.CreateAsync(Policy("app2", "a"), Json("a"));
        await store.DeleteAsync(Policy("app", "a"));

        var all = await WatchAndTakeAsync(store, new WatchOptions(Namespace: "app"), 3);
        var policies = await WatchAndTakeAsync(store, new WatchOptions("NetworkPolicy", "app"), 2);

        Assert.Equal([1L, 4L, 6L], all.Select(e => e.Revision));
        Assert.Equal([1L, 6L], policies.Select(e => e.Revision));
        Assert.All(all, e => Assert.Equal("app", e.Key.Namespace));
    }

    [Fact]
    public async Task Watch_ResumedAfterLastSeenRevision_ContinuesExactly()
    {
        await using var store = await CreateDatastoreAsync();
        for (var i = 0; i < 6; i++)
        {
            await store.CreateAsync(Pool($"p{i}"), Json($"p{i}"));
        }

        var firstPart = await WatchAndTakeAsync(store, new WatchOptions(), 3);
        await store.CreateAsync(Pool("p6"), Json("p6"));
        var secondPart = await WatchAndTakeAsync(store, new WatchOptions(AfterRevision: firstPart[^1].Revision), 4);

        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L, 7L], firstPart.Concat(secondPart).Select(e => e.Revision));
    }

    [Fact]
    public async Task Watch_TransactionChanges_ShareOneRevisionInOperationOrder()
    {
        await using var store = await CreateDatastoreAsync();
        await store.CreateAsync(Pool("old"), Json("old"));
        await store.CommitAsync(
        [
            new TransactionOp.Create(Pool("z"), Json("z")),
            new TransactionOp.Delete(Pool("old")),
            new TransactionOp.Create(Pool("a"), Json("a")),
        ]);
        await store.CreateAsync(Pool("after"), Json("after"));

        var events = await WatchAndTakeAsync(store, new WatchOptions(AfterRevision: 1), 4);

        Assert.Equal([Pool("z"), Pool("old"), Pool("a"), Pool("after")], events.Select(e => e.Key));
        Assert.Equal([2L, 2L, 2L, 3L], events.Select(e => e.Revision));
        Assert.Equal([WatchEventType.Added, WatchEventType.Deleted, WatchEventType.Added, WatchEventType.Added], events.Select(e => e.Type));
    }

    [Fact]
    public async Task Watch_DeleteAndModify_CarryPreviousValue()
    {
        await using var store = await CreateDatastoreAsync();
        await store.CreateAsync(Policy("app", "allow"), Json("allow", 1));
        await store.UpdateAsync(Policy("app", "allow"), Json("allow", 2), null);
        await store.DeleteAsync(Policy("app", "allow"));

        var events = await WatchAndTakeAsync(store, new WatchOptions("NetworkPolicy"), 3);

        Assert.Equal(new WatchEvent(WatchEventType.Modified, Policy("app", "allow"), Json("allow", 2), Json("allow", 1), 2), events[1]);
        Assert.Equal(new WatchEvent(WatchEventType.Deleted, Policy("app", "allow"), null, Json("allow", 2), 3), events[2]);
    }

    [Fact]
    public async Task Watch_FutureRevision_SkipsChangesUpToIt()
    {
        await using var store = await CreateDatastoreAsync();
        await store.CreateAsync(Pool("a"), Json("a"));
        var watching = WatchAndTakeAsync(store, new WatchOptions(AfterRevision: 3), 1);

        for (var i = 0; i < 3; i++)
        {
            await store.UpdateAsync(Pool("a"), Json("a", i), null);
        }

        var events = await watching;
        Assert.Equal(4, events[0].Revision);
    }

    [Fact]
    public async Task Watch_BeforeCompactedRevision_ThrowsRevisionCompacted()
    {
        await using var store = await CreateDatastoreAsync();
        for (var i = 0; i < 5; i++)
        {
            await store.CreateAsync(Pool($"p{i}"), Json($"p{i}"));
        }

        await store.CompactAsync(3);

        var e = await Assert.ThrowsAsync<RevisionCompactedException>(async () =>
        {
            await foreach (var _ in store.WatchAsync(new WatchOptions(AfterRevision: 2)))
            {
            }
        });
        Assert.Equal(2, e.RequestedRevision);
        Assert.Equal(3, e.CompactedRevision);
        Assert.Contains("compacted", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RevisionCompactedException>(async () =>
        {
            await foreach (var _ in store.WatchAsync(new WatchOptions("IPPool")))
            {
            }
        });
    }

    [Fact]
    public async Task Watch_AtCompactedRevision_DeliversTheRest()
    {
        await using var store = await CreateDatastoreAsync();
        for (var i = 0; i < 5; i++)
        {
            await store.CreateAsync(Pool($"p{i}"), Json($"p{i}"));
        }

        await store.CompactAsync(3);
        await store.CompactAsync(2);

        var events = await WatchAndTakeAsync(store, new WatchOptions(AfterRevision: 3), 2);
        Assert.Equal([4L, 5L], events.Select(e => e.Revision));
        Assert.Equal(5, (await store.ListAsync("IPPool")).Items.Count);
    }

    [Fact]
    public async Task Compact_BeyondCurrentRevision_ThrowsArgumentOutOfRange()
    {
        await using var store = await CreateDatastoreAsync();
        await store.CreateAsync(Pool("a"), Json("a"));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.CompactAsync(2).AsTask());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.CompactAsync(-1).AsTask());
        await store.CompactAsync(1);
        Assert.Equal(1, await store.GetRevisionAsync());
    }

    [Fact]
    public async Task Watch_Cancelled_EndsWithOperationCanceled()
    {
        await using var store = await CreateDatastoreAsync();
        await store.CreateAsync(Pool("a"), Json("a"));
        using var cts = new CancellationTokenSource();
        var received = new List<WatchEvent>();

        var watching = Task.Run(async () =>
        {
            await foreach (var change in store.WatchAsync(new WatchOptions(), cts.Token))
            {
                received.Add(change);
            }
        });
        while (received.Count == 0 && !watching.IsCompleted)
        {
            await Task.Delay(5);
        }

        await cts.CancelAsync();
        var finished = await Task.WhenAny(watching, Task.Delay(WatchTimeout));
        Assert.Same(watching, finished);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching);
        Assert.Single(received);
    }

    [Fact]
    public async Task Watch_StoreDisposed_EndsWithOperationCanceled()
    {
        var store = await CreateDatastoreAsync();
        await using var watch = store.WatchAsync(new WatchOptions()).GetAsyncEnumerator();
        var next = watch.MoveNextAsync().AsTask();
        await Task.Delay(20);

        await store.DisposeAsync();

        var finished = await Task.WhenAny(next, Task.Delay(WatchTimeout));
        Assert.Same(next, finished);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
    }
}
