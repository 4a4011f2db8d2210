namespace Calico.Datastore.Conformance;

/// <summary>
/// The behaviour every <see cref="IDatastore"/> backend must have. A backend's test project derives from this class
/// and says how to make a fresh, empty store; nothing here knows which backend it runs against.
/// </summary>
/// <remarks>
/// Kinds, namespaces and values are opaque to the store, so the tests use Calico-like names (IPPool is
/// cluster-scoped, NetworkPolicy namespaced) and small JSON values.
/// </remarks>
public abstract partial class DatastoreConformanceTests
{
    /// <summary>How long a test waits for watch events before failing.</summary>
    protected static readonly TimeSpan WatchTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Creates a new, empty store. Each test calls this once and disposes the store.</summary>
    protected abstract ValueTask<IDatastore> CreateDatastoreAsync();

    protected static ResourceKey Pool(string name) => ResourceKey.Cluster("IPPool", name);

    protected static ResourceKey Policy(string ns, string name) => ResourceKey.Namespaced("NetworkPolicy", ns, name);

    protected static string Json(string name, int generation = 0) =>
        $$$"""{"metadata":{"name":"{{{name}}}"},"spec":{"generation":{{{generation}}}}}""";

    /// <summary>Reads exactly <paramref name="count"/> events, failing with what arrived if they do not come in time.</summary>
    protected static async Task<List<WatchEvent>> WatchAndTakeAsync(IDatastore store, WatchOptions options, int count)
    {
        using var timeout = new CancellationTokenSource(WatchTimeout);
        var events = new List<WatchEvent>();
        if (count == 0)
        {
            return events;
        }

        try
        {
            await foreach (var change in store.WatchAsync(options, timeout.Token))
            {
                events.Add(change);
                if (events.Count == count)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Assert.Fail($"Expected {count} watch events within {WatchTimeout}; got {events.Count}: {string.Join(", ", events)}");
        }

        return events;
    }

    /// <summary>Reads the next event from an open watch, failing if none comes in time.</summary>
    protected static async Task<WatchEvent> NextAsync(IAsyncEnumerator<WatchEvent> watch)
    {
        var next = watch.MoveNextAsync().AsTask();
        var finished = await Task.WhenAny(next, Task.Delay(WatchTimeout));
        Assert.True(finished == next, $"No watch event within {WatchTimeout}.");
        Assert.True(await next, "The watch ended unexpectedly.");
        return watch.Current;
    }
}
