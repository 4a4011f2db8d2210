namespace Calico.Datastore.Watching;

/// <summary>
/// The latest revision a store has seen, and a way to wait for it to move. Writers (and the SQLite poller) call
/// <see cref="Advance"/>; watchers call <see cref="WaitForRevisionAfterAsync"/>.
/// </summary>
internal sealed class RevisionSignal
{
    private readonly Lock _lock = new();
    private long _revision;
    private TaskCompletionSource _advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Revision
    {
        get
        {
            lock (_lock)
            {
                return _revision;
            }
        }
    }

    /// <summary>Wakes every waiter without a new revision, so that they read (and meet any error) themselves.</summary>
    public void Poke()
    {
        TaskCompletionSource advanced;
        lock (_lock)
        {
            advanced = _advanced;
            _advanced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        advanced.TrySetResult();
    }

    public void Advance(long revision)
    {
        TaskCompletionSource advanced;
        lock (_lock)
        {
            if (revision <= _revision)
            {
                return;
            }

            _revision = revision;
            advanced = _advanced;
            _advanced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        advanced.TrySetResult();
    }

    public Task WaitForRevisionAfterAsync(long revision, CancellationToken ct)
    {
        Task advanced;
        lock (_lock)
        {
            if (_revision > revision)
            {
                return Task.CompletedTask;
            }

            advanced = _advanced.Task;
        }

        return advanced.WaitAsync(ct);
    }
}
