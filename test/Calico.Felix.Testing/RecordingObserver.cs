using System.Collections.Concurrent;
using Calico.Felix.Dataplane.Loop;

namespace Calico.Felix.Testing;

/// <summary>Remembers what the dataplane loop reported.</summary>
public sealed class RecordingObserver : IDataplaneObserver
{
    public ConcurrentQueue<long> Programmed { get; } = new();

    public ConcurrentQueue<Exception> Failures { get; } = new();

    public void OnProgrammed(long revision, bool inSync) => Programmed.Enqueue(revision);

    public void OnApplyFailed(Exception error) => Failures.Enqueue(error);
}
