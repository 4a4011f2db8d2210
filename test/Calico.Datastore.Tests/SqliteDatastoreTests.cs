using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Calico.Datastore.Tests;

/// <summary>SQLite-specific behaviour: the file, sharing it between instances, locking and retention.</summary>
public sealed class SqliteDatastoreTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task BackendName_IsSqlite()
    {
        await using var store = await DatastoreFactory.OpenSqliteAsync(_database.Options());

        Assert.Equal(DatastoreBackendNames.Sqlite, store.BackendName);
    }

    [Fact]
    public async Task Open_MissingDirectories_CreatesThemAndUsesWal()
    {
        var path = Path.Combine(_database.Directory, "var", "lib", "calico", "calico.db");

        await using (var store = await DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = path }))
        {
            await store.CreateAsync(ResourceKey.Cluster("IPPool", "a"), "{}");
        }

        using var connection = OpenRaw(path);
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task Open_Again_KeepsResourcesRevisionAndChangeLog()
    {
        await using (var store = await DatastoreFactory.OpenSqliteAsync(_database.Options()))
        {
            await store.CreateAsync(ResourceKey.Cluster("IPPool", "a"), "{\"a\":1}");
            await store.CreateAsync(ResourceKey.Namespaced("NetworkPolicy", "app", "b"), "{\"b\":1}");
        }

        await using var reopened = await DatastoreFactory.OpenSqliteAsync(_database.Options());
        Assert.Equal(2, await reopened.GetRevisionAsync());
        Assert.Equal("{\"a\":1}", (await reopened.GetAsync(ResourceKey.Cluster("IPPool", "a")))!.Value);
        var changes = await TakeAsync(reopened.WatchAsync(new WatchOptions()), 2);
        Assert.Equal([1L, 2L], changes.Select(c => c.Revision));
    }

    [Fact]
    public async Task Open_PathIsADirectory_ThrowsUnavailableNamingThePath()
    {
        Directory.CreateDirectory(_database.Path);

        var e = await Assert.ThrowsAsync<DatastoreUnavailableException>(
            () => DatastoreFactory.OpenSqliteAsync(_database.Options()).AsTask());

        Assert.Contains(_database.Path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_FileIsNotADatabase_ThrowsUnavailable()
    {
        await File.WriteAllTextAsync(_database.Path, new string('x', 4096));

        var e = await Assert.ThrowsAsync<DatastoreUnavailableException>(
            () => DatastoreFactory.OpenSqliteAsync(_database.Options()).AsTask());

        Assert.Contains(_database.Path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_DirectoryCannotBeCreated_ThrowsUnavailable()
    {
        var blocker = Path.Combine(_database.Directory, "file");
        await File.WriteAllTextAsync(blocker, "not a directory");
        var path = Path.Combine(blocker, "calico.db");

        var e = await Assert.ThrowsAsync<DatastoreUnavailableException>(
            () => DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = path }).AsTask());

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_SchemaFromNewerVersion_ThrowsUnavailable()
    {
        await (await DatastoreFactory.OpenSqliteAsync(_database.Options())).DisposeAsync();
        using (var connection = OpenRaw(_database.Path))
        {
            Scalar(connection, "UPDATE meta SET value = 99 WHERE name = 'schema_version';");
        }

        var e = await Assert.ThrowsAsync<DatastoreUnavailableException>(
            () => DatastoreFactory.OpenSqliteAsync(_database.Options()).AsTask());

        Assert.Contains("newer version", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_ManyInstancesAtOnceOnANewFile_AllSucceed()
    {
        var stores = await Task.WhenAll(Enumerable.Range(0, 8).Select(
            _ => Task.Run(async () => await DatastoreFactory.OpenSqliteAsync(_database.Options()))));
        try
        {
            await Task.WhenAll(stores.Select((s, i) => s.CreateAsync(ResourceKey.Cluster("IPPool", $"p{i}"), "{}").AsTask()));
            Assert.Equal(8, (await stores[0].ListAsync("IPPool")).Items.Count);
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task TwoInstances_SameFile_SeeEachOthersWritesAndWatches()
    {
        await using var a = await DatastoreFactory.OpenSqliteAsync(_database.Options());
        await using var b = await DatastoreFactory.OpenSqliteAsync(_database.Options());
        var pool = ResourceKey.Cluster("IPPool", "shared");
        using var cts = new CancellationTokenSource(Timeout);
        await using var watchB = b.WatchAsync(new WatchOptions("IPPool"), cts.Token).GetAsyncEnumerator(cts.Token);
        var firstB = watchB.MoveNextAsync().AsTask();

        var created = await a.CreateAsync(pool, "{\"v\":1}");

        Assert.Equal(created, await b.GetAsync(pool));
        Assert.True(await firstB.WaitAsync(Timeout));
        Assert.Equal(new WatchEvent(WatchEventType.Added, pool, "{\"v\":1}", null, 1), watchB.Current);

        var updated = await b.UpdateAsync(pool, "{\"v\":2}", created.Revision);
        await Assert.ThrowsAsync<RevisionConflictException>(() => a.UpdateAsync(pool, "{\"v\":3}", created.Revision).AsTask());
        var changesA = await TakeAsync(a.WatchAsync(new WatchOptions(AfterRevision: created.Revision)), 1);
        Assert.Equal(updated.Revision, changesA[0].Revision);
        Assert.True(await watchB.MoveNextAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(WatchEventType.Modified, watchB.Current.Type);
        Assert.Equal(updated.Revision, await a.GetRevisionAsync());
    }

    [Fact]
    public async Task Watch_OtherInstanceWrites_WakesThroughFileNotificationWithoutWaitingForThePoll()
    {
        var options = new SqliteDatastoreOptions { Path = _database.Path, WatchPollInterval = TimeSpan.FromMinutes(10) };
        await using var writer = await DatastoreFactory.OpenSqliteAsync(options);
        await using var watcher = await DatastoreFactory.OpenSqliteAsync(options);
        using var cts = new CancellationTokenSource(Timeout);
        await using var watch = watcher.WatchAsync(new WatchOptions(), cts.Token).GetAsyncEnumerator(cts.Token);
        var first = watch.MoveNextAsync().AsTask();
        await Task.Delay(100);

        for (var i = 0; i < 3; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            var written = await writer.CreateAsync(ResourceKey.Cluster("IPPool", $"p{i}"), "{}");
            var next = i == 0 ? first : watch.MoveNextAsync().AsTask();
            Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(5)));
            Assert.Equal(written.Revision, watch.Current.Revision);
            Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public async Task Watch_FileNotificationsOff_PollingStillDelivers()
    {
        var options = new SqliteDatastoreOptions
        {
            Path = _database.Path,
            WatchPollInterval = TimeSpan.FromMilliseconds(20),
            WatchFileNotifications = false,
        };
        await using var writer = await DatastoreFactory.OpenSqliteAsync(options);
        await using var watcher = await DatastoreFactory.OpenSqliteAsync(options);
        var watching = TakeAsync(watcher.WatchAsync(new WatchOptions()), 5);

        for (var i = 0; i < 5; i++)
        {
            await writer.CreateAsync(ResourceKey.Cluster("IPPool", $"p{i}"), "{}");
        }

        Assert.Equal([1L, 2L, 3L, 4L, 5L], (await watching).Select(c => c.Revision));
        Assert.False(File.Exists(_database.Path + "-notify"));
    }

    [Fact]
    public async Task Write_WhileAnotherProcessHoldsTheWriteLock_ThrowsUnavailableAfterBusyTimeout()
    {
        await using var store = await DatastoreFactory.OpenSqliteAsync(_database.Options(TimeSpan.FromMilliseconds(300)));
        await store.CreateAsync(ResourceKey.Cluster("IPPool", "a"), "{\"v\":1}");
        using var locker = OpenRaw(_database.Path);
        Scalar(locker, "BEGIN EXCLUSIVE; UPDATE resources SET value = '{\"v\":\"uncommitted\"}';");

        var stopwatch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<DatastoreUnavailableException>(
            () => store.CreateAsync(ResourceKey.Cluster("IPPool", "b"), "{}").AsTask());
        stopwatch.Stop();

        Assert.Contains(_database.Path, e.Message, StringComparison.Ordinal);
        Assert.Contains("0.3 s", e.Message, StringComparison.Ordinal);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(3));

        // Readers are not blocked by a writer in WAL mode, and see only committed data.
        var read = await store.GetAsync(ResourceKey.Cluster("IPPool", "a")).AsTask().WaitAsync(TimeSpan.FromSeconds(1));
        Assert.Equal("{\"v\":1}", read!.Value);

        Scalar(locker, "ROLLBACK;");
        await store.CreateAsync(ResourceKey.Cluster("IPPool", "b"), "{}");
        Assert.Equal(2, await store.GetRevisionAsync());
    }

    [Fact]
    public async Task Write_WaitingForTheLock_IsCancellable()
    {
        await using var store = await DatastoreFactory.OpenSqliteAsync(_database.Options(TimeSpan.FromSeconds(30)));
        using var locker = OpenRaw(_database.Path);
        Scalar(locker, "BEGIN IMMEDIATE;");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var stopwatch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => store.CreateAsync(ResourceKey.Cluster("IPPool", "a"), "{}", cts.Token).AsTask());

        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
        Scalar(locker, "ROLLBACK;");
        Assert.Equal(0, await store.GetRevisionAsync());
    }

    [Fact]
    public async Task Write_WaitingForTheLock_SucceedsOnceReleasedWithinTimeout()
    {
        await using var store = await DatastoreFactory.OpenSqliteAsync(_database.Options(TimeSpan.FromSeconds(10)));
        using var locker = OpenRaw(_database.Path);
        Scalar(locker, "BEGIN IMMEDIATE;");

        var write = store.CreateAsync(ResourceKey.Cluster("IPPool", "a"), "{}").AsTask();
        await Task.Delay(150);
        Assert.False(write.IsCompleted);
        Scalar(locker, "COMMIT;");

        Assert.Equal(1, (await write.WaitAsync(Timeout)).Revision);
    }

    [Fact]
    public async Task ChangeLogRetention_CompactsOldChangesAutomatically()
    {
        var options = new SqliteDatastoreOptions { Path = _database.Path, ChangeLogRetention = 10 };
        await using var store = await DatastoreFactory.OpenSqliteAsync(options);
        var pool = ResourceKey.Cluster("IPPool", "a");
        await store.CreateAsync(pool, "0");
        for (var i = 1; i < 40; i++)
        {
            await store.UpdateAsync(pool, i.ToString(System.Globalization.CultureInfo.InvariantCulture), null);
        }

        var e = await Assert.ThrowsAsync<RevisionCompactedException>(() => TakeAsync(store.WatchAsync(new WatchOptions()), 1));
        Assert.InRange(e.CompactedRevision, 40 - 11 - 1, 40 - 10);

        var recent = await TakeAsync(store.WatchAsync(new WatchOptions(AfterRevision: 30)), 10);
        Assert.Equal(Enumerable.Range(31, 10).Select(i => (long)i), recent.Select(c => c.Revision));
        using var connection = OpenRaw(_database.Path);
        Assert.InRange((long)Scalar(connection, "SELECT count(*) FROM changes;")!, 10, 11);
    }

    [Fact]
    public async Task Watch_OtherInstanceCompactsPastTheWatcher_ThrowsRevisionCompacted()
    {
        await using var a = await DatastoreFactory.OpenSqliteAsync(_database.Options());
        await using var b = await DatastoreFactory.OpenSqliteAsync(_database.Options());
        var pool = ResourceKey.Cluster("IPPool", "a");
        await a.CreateAsync(pool, "0");

        // The watcher has read revision 1 and reads no further while another instance writes and compacts.
        using var cts = new CancellationTokenSource(Timeout);
        await using var watch = a.WatchAsync(new WatchOptions(), cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await watch.MoveNextAsync());
        for (var i = 1; i <= 5; i++)
        {
            await b.UpdateAsync(pool, i.ToString(System.Globalization.CultureInfo.InvariantCulture), null);
        }

        await b.CompactAsync(4);

        var e = await Assert.ThrowsAsync<RevisionCompactedException>(async () =>
        {
            while (await watch.MoveNextAsync())
            {
            }
        });
        Assert.Equal(4, e.CompactedRevision);
    }

    private static async Task<List<WatchEvent>> TakeAsync(IAsyncEnumerable<WatchEvent> watch, int count)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var events = new List<WatchEvent>();
        await foreach (var change in watch.WithCancellation(timeout.Token))
        {
            events.Add(change);
            if (events.Count == count)
            {
                break;
            }
        }

        return events;
    }

    private static SqliteConnection OpenRaw(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
