using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Calico.Datastore.Sqlite;

/// <summary>
/// Keeps a few open, configured connections to one database file for one store instance, so operations skip the
/// open and the per-connection pragmas. Microsoft.Data.Sqlite's own pool is off: this one is closed with its store.
/// </summary>
internal sealed class SqliteConnectionPool : IDisposable
{
    private const int MaxIdle = 4;

    private readonly Lock _lock = new();
    private readonly Stack<SqliteConnection> _idle = new();
    private readonly string _connectionString;
    private readonly int _busyTimeoutMilliseconds;
    private readonly string _synchronous;
    private bool _disposed;

    public SqliteConnectionPool(SqliteDatastoreOptions options)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            // Microsoft.Data.Sqlite retries busy statements until this many seconds have passed (0 would mean
            // forever); SQLite's own busy handler (below) has already waited BusyTimeout by then.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        }.ToString();
        _busyTimeoutMilliseconds = (int)options.BusyTimeout.TotalMilliseconds;
        _synchronous = options.DurableCommits ? "FULL" : "NORMAL";
    }

    public int BusyTimeoutMilliseconds => _busyTimeoutMilliseconds;

    /// <summary>Takes an idle connection or opens a new one.</summary>
    /// <exception cref="SqliteException">The file cannot be opened.</exception>
    public SqliteConnection Rent()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_idle.TryPop(out var idle))
            {
                return idle;
            }
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            _ = raw.sqlite3_busy_timeout(connection.Handle, _busyTimeoutMilliseconds);
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA synchronous = {_synchronous};";
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Gives a connection back; it is closed if the pool is full, disposed, or the connection is mid-transaction.</summary>
    public void Return(SqliteConnection connection)
    {
        var reusable = connection.Handle is { } handle && raw.sqlite3_get_autocommit(handle) != 0;
        lock (_lock)
        {
            if (reusable && !_disposed && _idle.Count < MaxIdle)
            {
                _idle.Push(connection);
                return;
            }
        }

        connection.Dispose();
    }

    public void Dispose()
    {
        SqliteConnection[] idle;
        lock (_lock)
        {
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
        }

        foreach (var connection in idle)
        {
            connection.Dispose();
        }
    }
}
