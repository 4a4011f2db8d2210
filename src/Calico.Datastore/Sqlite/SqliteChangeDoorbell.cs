namespace Calico.Datastore.Sqlite;

/// <summary>
/// A cross-process "something was committed" signal: after each commit a writer touches <c>&lt;database&gt;-notify</c>
/// (a metadata change, so inotify reports it), and pollers listening through a <see cref="FileSystemWatcher"/> check the
/// revision at once instead of at their next poll. Only a hint: when it cannot be rung or heard (permissions, no
/// inotify, watch limits) watchers still see every change at the next poll.
/// </summary>
/// <remarks>
/// The database's own files make a poor trigger: SQLite writes the WAL before it publishes the commit in the
/// memory-mapped WAL index (which inotify does not see), so a reader woken by the WAL write can miss the commit.
/// The doorbell rings after the commit is visible.
/// </remarks>
internal sealed class SqliteChangeDoorbell
{
    private readonly string _path;
    private readonly TimeProvider _time;

    public SqliteChangeDoorbell(SqliteDatastoreOptions options)
    {
        _path = System.IO.Path.GetFullPath(options.Path) + "-notify";
        _time = options.TimeProvider;
    }

    public bool Enabled { get; init; } = true;

    /// <summary>Creates the doorbell file if it is missing.</summary>
    public void Install()
    {
        if (!Enabled)
        {
            return;
        }

        try
        {
            if (!File.Exists(_path))
            {
                using var _ = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Tells listening processes that a commit happened.</summary>
    public void Ring()
    {
        if (!Enabled)
        {
            return;
        }

        try
        {
            File.SetLastWriteTimeUtc(_path, _time.GetUtcNow().UtcDateTime);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Calls <paramref name="onRing"/> whenever any process rings; <see langword="null"/> if listening is impossible here.</summary>
    public IDisposable? Listen(Action onRing)
    {
        if (!Enabled)
        {
            return null;
        }

        FileSystemWatcher? watcher = null;
        try
        {
            watcher = new FileSystemWatcher(System.IO.Path.GetDirectoryName(_path)!, System.IO.Path.GetFileName(_path))
            {
                // Attributes only: the WAL's data writes in the same directory raise no events.
                NotifyFilter = NotifyFilters.Attributes | NotifyFilters.FileName,
            };
            watcher.Changed += (_, _) => onRing();
            watcher.Created += (_, _) => onRing();
            watcher.Error += (_, _) => onRing();
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or PlatformNotSupportedException)
        {
            watcher?.Dispose();
            return null;
        }
    }
}
