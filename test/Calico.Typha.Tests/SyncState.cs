using Calico.Client.Syncing;
using Calico.Datastore;

namespace Calico.Typha.Tests;

/// <summary>Consumes an <see cref="ISyncSource"/> in the background and keeps what it reported: key → revision, every update in order.</summary>
internal sealed class SyncState : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ResourceKey, long> _state = [];
    private readonly List<SyncUpdate> _updates = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private readonly SemaphoreSlim _gate;

    public SyncState(ISyncSource source, bool paused = false)
    {
        _gate = new SemaphoreSlim(paused ? 0 : 1, 1);
        _run = RunAsync(source);
    }

    public IReadOnlyList<SyncUpdate> Updates
    {
        get
        {
            lock (_lock)
            {
                return [.. _updates];
            }
        }
    }

    public Dictionary<ResourceKey, long> State
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<ResourceKey, long>(_state);
            }
        }
    }

    public int Count<T>() => Updates.OfType<T>().Count();

    /// <summary>Stops taking updates (the client stops reading its socket) until <see cref="Resume"/>.</summary>
    public async Task PauseAsync() => await _gate.WaitAsync();

    public void Resume() => _gate.Release();

    public async Task WaitForAsync(Func<SyncState, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!condition(this))
        {
            if (_run.IsFaulted)
            {
                await _run;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what}; updates: {string.Join(", ", Updates.TakeLast(10))}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the reported state equals the datastore's (key and revision) and the last update is InSync.</summary>
    public async Task WaitForStoreStateAsync(TestStore store, SyncerType type, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var expected = await store.StateAsync(type);
            var actual = State;
            if (expected.Count == actual.Count && expected.All(p => actual.TryGetValue(p.Key, out var r) && r == p.Value))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Equal(expected.OrderBy(p => p.Key.Name, StringComparer.Ordinal).ToList(), actual.OrderBy(p => p.Key.Name, StringComparer.Ordinal).ToList());
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync(ISyncSource source)
    {
        await foreach (var update in source.RunAsync(_stop.Token))
        {
            await _gate.WaitAsync(_stop.Token);
            _gate.Release();
            lock (_lock)
            {
                _updates.Add(update);
                switch (update)
                {
                    case ResourceUpdated u:
                        _state[new ResourceKey(u.Kind.StoreKind, u.Resource.Metadata.Namespace, u.Resource.Metadata.Name!)] = u.Revision;
                        break;
                    case ResourceUndecodable bad:
                        _state[bad.Key] = bad.Revision;
                        break;
                    case ResourceDeleted d:
                        Assert.True(_state.Remove(d.Key), $"deletion of {d.Key}, which was never reported");
                        break;
                }
            }
        }
    }
}
