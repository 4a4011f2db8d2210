using Calico.Client.Migration;
using Calico.Datastore;
using Calico.Ipam;

namespace Calico.Client.Tests.Migration;

/// <summary>Export, import, the lock and the all-or-nothing import on in-memory and SQLite stores.</summary>
public sealed class DatastoreMigrationTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"calico-test-migrate-{Guid.NewGuid():N}");

    public DatastoreMigrationTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ExportImport_SqliteToSqlite_EveryKeyAndValueIdentical()
    {
        await using var source = await SqliteAsync("source.db");
        await MigrationSeed.FillAsync(source, allocations: 40);
        await using var target = await SqliteAsync("target.db");

        var text = await MigrationRoundTrip.ExportAsync(source);
        var result = await MigrationRoundTrip.ImportAsync(text, target);

        var expected = await MigrationSeed.SnapshotAsync(source);
        Assert.Equal(expected, await MigrationSeed.SnapshotAsync(target));
        Assert.Equal(expected.Count, result.Resources);
        Assert.Equal(1, result.Transactions);
        Assert.Contains(expected, r => r.Key.Kind == "IPAMBlock");
        Assert.Contains(expected, r => r.Key.Kind == "BlockAffinity");
        Assert.Contains(expected, r => r.Key.Kind == "IPAMHandle");
        Assert.Contains(expected, r => r.Key.Kind == "FutureKindThisBuildDoesNotKnow");
    }

    [Fact]
    public async Task Import_LimitedTarget_OrderedBatchesWithinLimits()
    {
        await using var source = DatastoreFactory.CreateInMemory();
        await MigrationSeed.FillAsync(source, allocations: 30);
        var target = new LimitedDatastore(DatastoreFactory.CreateInMemory(), maxOperations: 7);
        await using var _ = target;

        var result = await MigrationRoundTrip.ImportAsync(await MigrationRoundTrip.ExportAsync(source), target);

        Assert.Equal(await MigrationSeed.SnapshotAsync(source), await MigrationSeed.SnapshotAsync(target));
        Assert.Equal((result.Resources + 6) / 7, result.Transactions);
        Assert.True(result.Transactions > 3);
        Assert.Equal(1, (await target.GetAsync(DatastoreLock.Key))!.Revision); // the lock is written first
    }

    [Fact]
    public async Task Import_BatchFailsMidway_RolledBackToEmpty()
    {
        await using var source = DatastoreFactory.CreateInMemory();
        await MigrationSeed.FillAsync(source, allocations: 30);
        var text = await MigrationRoundTrip.ExportAsync(source);
        var last = ExportFileReader.Read(text, "x").Resources[^1].Key;
        var target = new LimitedDatastore(DatastoreFactory.CreateInMemory(), maxOperations: 5)
        {
            HookAtCommit = 4,
            BeforeCommit = async inner => await inner.CreateAsync(last, "{}"), // a writer sneaks in the last resource's key
        };
        await using var _ = target;

        var e = await Assert.ThrowsAsync<MigrationException>(() => MigrationRoundTrip.ImportAsync(text, target));

        var batches = ImportBatches.Plan(ExportFileReader.Read(text, "x").Resources, target).Count;
        Assert.Contains($"import failed: transaction {batches} of {batches} (documents ", e.Message); // the last resource is in the last transaction
        Assert.Contains($"at document {ExportFileReader.Read(text, "x").Resources.Count + 1} ({last}): ", e.Message);
        Assert.Contains($"rolled back the {(batches - 1) * 5} resource(s) this import wrote", e.Message);
        Assert.Contains("but the target holds 1 resource(s)", e.Message);
        Assert.Equal([(last, "{}")], await MigrationSeed.SnapshotAsync(target));
    }

    [Fact]
    public async Task Import_NonEmptyTarget_RefusedNamingWhatIsThere()
    {
        await using var source = DatastoreFactory.CreateInMemory();
        await MigrationSeed.FillAsync(source, allocations: 2);
        await using var target = await SqliteAsync("target.db");
        await target.CreateAsync(ResourceKey.Cluster("IPPool", "leftover"), "{}");
        var before = await target.GetRevisionAsync();

        var e = await Assert.ThrowsAsync<MigrationException>(async () => await MigrationRoundTrip.ImportAsync(await MigrationRoundTrip.ExportAsync(source), target));

        Assert.Equal("the target datastore (sqlite) is not empty: it holds 1 resource(s) (IPPool 1): IPPool \"leftover\"; import only into an empty datastore", e.Message);
        Assert.Equal(before, await target.GetRevisionAsync());
    }

    [Fact]
    public async Task Export_Unlocked_RefusedAsCalicoDoes()
    {
        await using var source = DatastoreFactory.CreateInMemory();
        await source.CreateAsync(ResourceKey.Cluster("IPPool", "p"), "{}");

        var e = await Assert.ThrowsAsync<MigrationException>(() => MigrationRoundTrip.ExportAsync(source));

        Assert.Contains("the datastore is not locked; run `calicoctl datastore migrate lock` first", e.Message);
    }

    [Fact]
    public async Task Lock_IpamAllocationRefusedWithClearError_UnlockAllowsItAgain()
    {
        await using var store = DatastoreFactory.CreateInMemory();
        await MigrationSeed.FillAsync(store, allocations: 1); // ends locked
        var ipam = IpamClientFactory.Create(store);
        var revision = await store.GetRevisionAsync();
        var request = new AutoAssignRequest { HandleId = "k8s-pod-network.locked", Node = "node-a", Num4 = 1 };

        var e = await Assert.ThrowsAsync<IpamException>(async () => await ipam.AutoAssignAsync(request));
        var release = await Assert.ThrowsAsync<IpamException>(async () => await ipam.ReleaseByHandleAsync("k8s-pod-network.00000000"));

        Assert.Equal(IpamErrorKind.DatastoreNotReady, e.Kind);
        Assert.Contains("the datastore is locked for a migration (ClusterInformation \"default\" has spec.datastoreReady: false)", e.Message);
        Assert.Contains("calicoctl datastore migrate unlock", e.Message);
        Assert.Equal(IpamErrorKind.DatastoreNotReady, release.Kind);
        Assert.Equal(revision, await store.GetRevisionAsync());

        Assert.True(await new DatastoreLock(store).UnlockAsync("v-test"));
        var assigned = await ipam.AutoAssignAsync(request);
        Assert.Single(assigned.IPv4);
    }

    [Fact]
    public async Task Lock_NoClusterInformation_CreatesItLocked()
    {
        await using var store = DatastoreFactory.CreateInMemory();
        var migrationLock = new DatastoreLock(store);

        Assert.True(await migrationLock.LockAsync("v9"));
        Assert.False(await migrationLock.LockAsync("v9"));

        Assert.True(await migrationLock.IsLockedAsync());
        var stored = (await store.GetAsync(DatastoreLock.Key))!.Value;
        Assert.Contains("\"datastoreReady\":false", stored);
        Assert.Contains("\"calicoVersion\":\"v9\"", stored);
    }

    private async Task<IDatastore> SqliteAsync(string name) =>
        await DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = Path.Combine(_directory, name) });
}
