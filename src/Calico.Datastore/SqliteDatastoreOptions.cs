namespace Calico.Datastore;

/// <summary>Settings of the embedded SQLite datastore.</summary>
public sealed class SqliteDatastoreOptions
{
    /// <summary>Where the database lives unless told otherwise.</summary>
    public const string DefaultPath = "/var/lib/calico/calico.db";

    /// <summary>The database file. Its directory is created if missing. Every process on the machine may open it at once.</summary>
    public string Path { get; init; } = DefaultPath;

    /// <summary>
    /// How long an operation waits for another process's write lock before failing with
    /// <see cref="DatastoreUnavailableException"/>.
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often a store with open watches checks for writes made by other processes. Writes through the same store
    /// instance wake its watchers at once, and with <see cref="WatchFileNotifications"/> so do other processes'
    /// writes; polling is the fallback that bounds watch latency when notifications are unavailable.
    /// </summary>
    public TimeSpan WatchPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Whether writers touch <c>&lt;Path&gt;-notify</c> after each commit and watching processes wake on it through
    /// inotify. On by default; watches stay correct without it, only slower (see <see cref="WatchPollInterval"/>).
    /// </summary>
    public bool WatchFileNotifications { get; init; } = true;

    /// <summary>
    /// How many revisions of change log to keep for watches; older entries are compacted automatically as writes
    /// happen. 0 keeps everything until <see cref="IDatastore.CompactAsync"/> is called.
    /// </summary>
    public long ChangeLogRetention { get; init; } = 10_000;

    /// <summary>
    /// Whether every commit waits for the disk (SQLite <c>synchronous=FULL</c>). When false (<c>NORMAL</c>), a power
    /// loss may lose the last commits but never corrupts the file; a process crash loses nothing either way.
    /// </summary>
    public bool DurableCommits { get; init; } = true;

    /// <summary>The clock for the write-lock back-off and its timeout.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void ThrowIfInvalid()
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            throw new ArgumentException("SqliteDatastoreOptions.Path must name the database file.", nameof(Path));
        }

        if (BusyTimeout <= TimeSpan.Zero || BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(BusyTimeout), BusyTimeout, "SqliteDatastoreOptions.BusyTimeout must be positive.");
        }

        if (WatchPollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(WatchPollInterval), WatchPollInterval, "SqliteDatastoreOptions.WatchPollInterval must be positive.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(ChangeLogRetention, nameof(ChangeLogRetention));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }
}
