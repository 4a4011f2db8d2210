using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Calico.Datastore.Sqlite;

/// <summary>
/// Runs units of work in SQLite transactions and turns SQLite failures into datastore exceptions.
/// Reads use deferred transactions (a consistent WAL snapshot, never blocked by writers). Writes take SQLite's
/// write lock up front with <c>BEGIN IMMEDIATE</c>: writers within this instance queue on a semaphore, and other
/// processes' writers are waited for by retrying with short asynchronous back-off until the busy timeout, after which
/// the write fails with <see cref="DatastoreUnavailableException"/>.
/// </summary>
internal sealed class SqliteTransactionRunner : IDisposable
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMilliseconds(16);

    private readonly SqliteConnectionPool _pool;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly string _path;
    private readonly TimeSpan _busyTimeout;
    private readonly TimeProvider _time;

    public SqliteTransactionRunner(SqliteDatastoreOptions options)
    {
        _pool = new SqliteConnectionPool(options);
        _path = options.Path;
        _busyTimeout = options.BusyTimeout;
        _time = options.TimeProvider;
    }

    /// <summary>Runs <paramref name="read"/> in a read transaction (one consistent snapshot).</summary>
    public T Read<T>(Func<SqliteConnection, T> read) => Run(read, inTransaction: true);

    /// <summary>Runs <paramref name="work"/> outside any transaction (for pragmas that refuse to run inside one).</summary>
    public T RunOutsideTransaction<T>(Func<SqliteConnection, T> work) => Run(work, inTransaction: false);

    /// <summary>
    /// Runs <paramref name="write"/> in a write transaction and commits it. If <paramref name="write"/> throws, nothing
    /// is written.
    /// </summary>
    public async ValueTask<T> WriteAsync<T>(Func<SqliteConnection, T> write, CancellationToken ct)
    {
        var started = _time.GetTimestamp();
        if (!await _writeGate.WaitAsync(_busyTimeout, ct).ConfigureAwait(false))
        {
            throw LockedTooLong(null);
        }

        SqliteConnection? connection = null;
        try
        {
            connection = _pool.Rent();
            await BeginImmediateAsync(connection, started, ct).ConfigureAwait(false);
            var committed = false;
            try
            {
                var result = write(connection);
                Execute(connection, "COMMIT");
                committed = true;
                return result;
            }
            finally
            {
                if (!committed)
                {
                    _ = raw.sqlite3_exec(connection.Handle, "ROLLBACK");
                }
            }
        }
        catch (SqliteException e)
        {
            throw ToDatastoreException(e);
        }
        finally
        {
            if (connection is not null)
            {
                _pool.Return(connection);
            }

            _writeGate.Release();
        }
    }

    public void Dispose()
    {
        _pool.Dispose();
        _writeGate.Dispose();
    }

    private T Run<T>(Func<SqliteConnection, T> work, bool inTransaction)
    {
        SqliteConnection? connection = null;
        try
        {
            connection = _pool.Rent();
            if (!inTransaction)
            {
                return work(connection);
            }

            Execute(connection, "BEGIN");
            try
            {
                return work(connection);
            }
            finally
            {
                _ = raw.sqlite3_exec(connection.Handle, "COMMIT");
            }
        }
        catch (SqliteException e)
        {
            throw ToDatastoreException(e);
        }
        finally
        {
            if (connection is not null)
            {
                _pool.Return(connection);
            }
        }
    }

    /// <summary>
    /// Takes the write lock. SQLite's busy handler is switched off meanwhile so the wait is an asynchronous,
    /// cancellable back-off here rather than a sleep on a pool thread.
    /// </summary>
    private async ValueTask BeginImmediateAsync(SqliteConnection connection, long started, CancellationToken ct)
    {
        var handle = connection.Handle!;
        _ = raw.sqlite3_busy_timeout(handle, 0);
        try
        {
            var delay = FirstRetryDelay;
            while (true)
            {
                var rc = raw.sqlite3_exec(handle, "BEGIN IMMEDIATE");
                if (rc == raw.SQLITE_OK)
                {
                    return;
                }

                if (!IsBusy(rc))
                {
                    throw NewSqliteException(connection, rc);
                }

                if (_time.GetElapsedTime(started) >= _busyTimeout)
                {
                    throw LockedTooLong(NewSqliteException(connection, rc));
                }

                // Jitter keeps contending processes from retrying in lock-step.
                var jittered = delay * (0.5 + Random.Shared.NextDouble());
                await Task.Delay(jittered, _time, ct).ConfigureAwait(false);
                delay = delay * 2 < MaxRetryDelay ? delay * 2 : MaxRetryDelay;
            }
        }
        finally
        {
            _ = raw.sqlite3_busy_timeout(handle, _pool.BusyTimeoutMilliseconds);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        var rc = raw.sqlite3_exec(connection.Handle, sql);
        if (rc != raw.SQLITE_OK)
        {
            throw NewSqliteException(connection, rc);
        }
    }

    private static SqliteException NewSqliteException(SqliteConnection connection, int rc) =>
        new(
            $"SQLite Error {rc}: '{raw.sqlite3_errmsg(connection.Handle).utf8_to_string()}'.",
            rc & 0xFF,
            raw.sqlite3_extended_errcode(connection.Handle));

    private static bool IsBusy(int rc) => (rc & 0xFF) is raw.SQLITE_BUSY or raw.SQLITE_LOCKED;

    private DatastoreUnavailableException LockedTooLong(Exception? inner) =>
        new(
            $"The datastore \"{_path}\" stayed locked by another process for longer than the busy timeout " +
            $"({_busyTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s); try again later.",
            inner);

    /// <summary>Maps a SQLite failure to the exception users see.</summary>
    public DatastoreException ToDatastoreException(SqliteException e) => e.SqliteErrorCode switch
    {
        raw.SQLITE_BUSY or raw.SQLITE_LOCKED => LockedTooLong(e),
        raw.SQLITE_CANTOPEN or raw.SQLITE_NOTADB or raw.SQLITE_CORRUPT or raw.SQLITE_IOERR or raw.SQLITE_FULL
            or raw.SQLITE_READONLY or raw.SQLITE_PERM or raw.SQLITE_AUTH
            => new DatastoreUnavailableException($"The datastore \"{_path}\" cannot be used: {e.Message}", e),
        _ => new DatastoreException($"The datastore \"{_path}\" failed: {e.Message}", e),
    };
}
