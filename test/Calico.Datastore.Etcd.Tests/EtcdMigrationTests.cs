using Calico.Client.Migration;
using Calico.Client.Tests.Migration;

namespace Calico.Datastore.Etcd.Tests;

/// <summary>
/// <c>datastore migrate</c> between the embedded SQLite file and a real one-member etcd: nothing lost either way (every
/// key and value compared, IPAM state from real allocations), more resources than etcd takes in one transaction, and a
/// failed transaction rolled back on etcd.
/// </summary>
public sealed class EtcdMigrationTests(MigrationEtcd etcd) : IClassFixture<MigrationEtcd>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("calico-test-etcd-migrate-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Migrate_SqliteToEtcdToSqlite_EveryKeyAndValueIdentical()
    {
        await using var sqlite = await SqliteAsync("source.db");
        await MigrationSeed.FillAsync(sqlite, allocations: 300); // > 2 × 128 resources: at least three etcd transactions
        var expected = await MigrationSeed.SnapshotAsync(sqlite);
        await using var onEtcd = await etcd.OpenFreshStoreAsync();

        var toEtcd = await MigrationRoundTrip.ImportAsync(await MigrationRoundTrip.ExportAsync(sqlite), onEtcd);
        await using var back = await SqliteAsync("back.db");
        var toSqlite = await MigrationRoundTrip.ImportAsync(await MigrationRoundTrip.ExportAsync(onEtcd), back);

        Assert.True(expected.Count > 256, $"only {expected.Count} resources");
        Assert.Equal(expected, await MigrationSeed.SnapshotAsync(onEtcd));
        Assert.Equal(expected, await MigrationSeed.SnapshotAsync(back));
        Assert.Equal((expected.Count + 127) / 128, toEtcd.Transactions);
        Assert.Equal(1, toSqlite.Transactions);
        foreach (var kind in new[] { "IPAMBlock", "BlockAffinity", "IPAMHandle", "IPAMConfiguration", "ClusterInformation", "IPPool", "Node", "NetworkPolicy", "FutureKindThisBuildDoesNotKnow" })
        {
            Assert.Contains(expected, r => r.Key.Kind == kind);
        }
    }

    [Fact]
    public async Task Import_EtcdTransactionFails_EverythingWrittenIsRolledBack()
    {
        await using var sqlite = await SqliteAsync("source.db");
        await MigrationSeed.FillAsync(sqlite, allocations: 20);
        var text = await MigrationRoundTrip.ExportAsync(sqlite);
        var victim = ExportFileReader.Read(text, "x").Resources[^1].Key;
        var target = new LimitedDatastore(await etcd.OpenFreshStoreAsync(maxTransactionOperations: 10), maxOperations: 10)
        {
            // Another writer creates a key the import's last transaction creates, after the first transactions went in.
            HookAtCommit = 3,
            BeforeCommit = async store => await store.CreateAsync(victim, "{}"),
        };
        await using var _ = target;

        var e = await Assert.ThrowsAsync<MigrationException>(() => MigrationRoundTrip.ImportAsync(text, target));

        Assert.Contains($"({victim}): {victim} already exists", e.Message);
        Assert.Contains("but the target holds 1 resource(s)", e.Message);
        Assert.Equal([(victim, "{}")], await MigrationSeed.SnapshotAsync(target));
    }

    [Fact]
    public async Task Commit_MoreOperationsThanEtcdTakes_RefusedAndNothingWritten()
    {
        await using var store = await etcd.OpenFreshStoreAsync();
        var ops = Enumerable.Range(0, 129).Select(i => (TransactionOp)new TransactionOp.Create(ResourceKey.Cluster("IPPool", $"p{i}"), "{}")).ToList();

        var e = await Assert.ThrowsAnyAsync<DatastoreException>(async () => await store.CommitAsync(ops));

        Assert.Contains("too many operations", e.Message);
        Assert.Equal(0, await store.GetRevisionAsync());
    }

    private async Task<IDatastore> SqliteAsync(string name) =>
        await DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = Path.Combine(_directory, name) });
}
