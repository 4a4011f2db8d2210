using System.Collections.Concurrent;
using Calico.Felix.Calc.Messages;
using Calico.Felix.Dataplane;
using Calico.Felix.Dataplane.Loop;

namespace Calico.Node.Tests.Felix;

/// <summary>A manager that records the messages it was given and counts its deferred-work calls and resync requests.</summary>
internal sealed class CountingManager : IResyncingManager
{
    private int _completions;
    private int _resyncRequests;

    public ConcurrentQueue<DataplaneMessage> Messages { get; } = new();

    public int Completions => Volatile.Read(ref _completions);

    public int ResyncRequests => Volatile.Read(ref _resyncRequests);

    public void OnUpdate(DataplaneMessage message) => Messages.Enqueue(message);

    public ValueTask CompleteDeferredWorkAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _completions);
        return ValueTask.CompletedTask;
    }

    public void RequestResync() => Interlocked.Increment(ref _resyncRequests);
}
