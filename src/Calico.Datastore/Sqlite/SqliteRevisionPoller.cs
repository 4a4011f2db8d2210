using Calico.Datastore.Watching;

namespace Calico.Datastore.Sqlite;

/// <summary>
/// Notices writes made by other processes (or other store instances) to the same file: while at least one watch is
/// open, reads the revision counter whenever the <see cref="SqliteChangeDoorbell"/> rings, and at the poll interval
/// in any case, and advances the store's <see cref="RevisionSignal"/>. One poller per store instance, however many
/// watches it has; woken watchers then read the change log themselves.
/// </summary>
internal sealed class SqliteRevisionPoller : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly SqliteTransactionRunner _runner;
    private readonly SqliteMetaTable _meta;
    private readonly RevisionSignal _signal;
    private readonly SqliteChangeDoorbell _doorbell;
    private readonly TimeSpan _interval;
    private readonly SemaphoreSlim _rung = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private int _watches;
    private Task? _loop;
    private IDisposable? _listening;

    public SqliteRevisionPoller(
        SqliteTransactionRunner runner,
        SqliteMetaTable meta,
        RevisionSignal signal,
        SqliteChangeDoorbell doorbell,
        TimeSpan interval)
    {
        _runner = runner;
        _meta = meta;
        _signal = signal;
        _doorbell = doorbell;
        _interval = interval;
    }

    /// <summary>
    /// Registers a watch; the poller runs while any registration is undisposed. The doorbell is listened to before
    /// this returns, so a commit after the watch's first read cannot go unheard.
    /// </summary>
    public IDisposable Register()
    {
        lock (_lock)
        {
            _watches++;
            if (_loop is null)
            {
                _listening = _doorbell.Listen(OnRing);
                _loop = Task.Run(PollAsync);
            }
        }

        return new Registration(this);
    }

    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_lock)
        {
            loop = _loop;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        lock (_lock)
        {
            _listening?.Dispose();
            _listening = null;
        }

        _stopping.Dispose();
        _rung.Dispose();
    }

    private async Task PollAsync()
    {
        try
        {
            while (KeepPolling())
            {
                try
                {
                    _signal.Advance(_runner.Read(_meta.ReadRevision));
                }
                catch (Exception e) when (e is not OperationCanceledException and not ObjectDisposedException)
                {
                    // Let the watchers read and report the failure themselves.
                    _signal.Poke();
                }

                _ = await _rung.WaitAsync(_interval, _stopping.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>Whether watches remain; if not, stops listening and marks the loop finished.</summary>
    private bool KeepPolling()
    {
        IDisposable? listening;
        lock (_lock)
        {
            if (_watches > 0 && !_stopping.IsCancellationRequested)
            {
                return true;
            }

            listening = _listening;
            _listening = null;
            _loop = null;
        }

        listening?.Dispose();
        return false;
    }

    private void OnRing()
    {
        try
        {
            // Rings arriving while a check is already pending add nothing.
            if (_rung.CurrentCount == 0)
            {
                _rung.Release();
            }
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void Unregister()
    {
        lock (_lock)
        {
            _watches--;
        }
    }

    private sealed class Registration(SqliteRevisionPoller poller) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                poller.Unregister();
            }
        }
    }
}
