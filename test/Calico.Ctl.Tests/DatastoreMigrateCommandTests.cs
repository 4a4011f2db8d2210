using System.Net;
using Calico.Datastore;
using Calico.Ipam;

namespace Calico.Ctl.Tests;

/// <summary>calicoctl datastore migrate lock/export/import/unlock between two SQLite files, run as a user runs them.</summary>
public sealed class DatastoreMigrateCommandTests : IDisposable
{
    private const string Resources = """
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: v4}
        spec: {cidr: 10.0.0.0/16}
        ---
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata: {name: allow-web, namespace: app}
        spec: {selector: app == 'web', types: [Ingress]}
        """;

    private readonly CtlHarness _source = new();
    private readonly CtlHarness _target = new();

    public void Dispose()
    {
        _source.Dispose();
        _target.Dispose();
    }

    [Fact]
    public async Task LockExportImportUnlock_SqliteToSqlite_SameContentAndIpamLockedInBetween()
    {
        (await _source.RunAsync("apply", "-f", _source.WriteFile("r.yaml", Resources))).ShouldSucceed();
        await AssignAsync(_source, "10.0.0.7", "k8s-pod-network.a");

        var unlocked = await _source.RunAsync("datastore", "migrate", "export");
        Assert.Equal(1, unlocked.ExitCode);
        Assert.Equal("calicoctl: datastore migrate export: the datastore is not locked; run `calicoctl datastore migrate lock` first, so that nothing changes it while it is exported", unlocked.Stderr.Trim());

        Assert.Equal("Datastore locked.", (await _source.RunAsync("datastore", "migrate", "lock")).ShouldSucceed().Stdout.Trim());
        var refused = await Assert.ThrowsAsync<IpamException>(() => AssignAsync(_source, "10.0.0.8", "k8s-pod-network.b"));
        Assert.Equal(IpamErrorKind.DatastoreNotReady, refused.Kind);

        var export = (await _source.RunAsync("datastore", "migrate", "export")).ShouldSucceed().Stdout;
        var imported = (await _target.RunAsync("datastore", "migrate", "import", "-f", _target.WriteFile("export.yaml", export))).ShouldSucceed();

        Assert.StartsWith("Imported 6 resource(s) into the sqlite datastore in 1 transaction(s) (exported from sqlite at revision ", imported.Stdout);
        Assert.Contains("then run 'calicoctl datastore migrate unlock'", imported.Stdout);
        Assert.Equal(await SnapshotAsync(_source), await SnapshotAsync(_target));
        await Assert.ThrowsAsync<IpamException>(() => AssignAsync(_target, "10.0.0.8", "k8s-pod-network.b"));

        var again = await _target.RunWithInputAsync(export, "datastore", "migrate", "import", "-f", "-");
        Assert.Equal(1, again.ExitCode);
        Assert.StartsWith("calicoctl: datastore migrate import: the target datastore (sqlite) is not empty: it holds 6 resource(s) (BlockAffinity 1, ClusterInformation 1, IPAMBlock 1, IPAMHandle 1, IPPool 1, NetworkPolicy 1)", again.Stderr);

        Assert.Equal("Datastore unlocked.", (await _target.RunAsync("datastore", "migrate", "unlock")).ShouldSucceed().Stdout.Trim());
        await AssignAsync(_target, "10.0.0.8", "k8s-pod-network.b");
    }

    [Fact]
    public async Task Import_BadFile_RefusedBeforeTouchingTheDatastore()
    {
        var result = await _target.RunAsync("datastore", "migrate", "import", "-f", _target.WriteFile("bad.yaml", "apiVersion: migrate.calicoctl/v1\nkind: DatastoreExport\nformatVersion: 7\n"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"calicoctl: datastore migrate import: {_target.Directory}/bad.yaml: document 1 (the header): field formatVersion: 7 is not a format this calicoctl reads (it reads 1); use the calicoctl that wrote the file, or a newer one", result.Stderr.Trim());
        Assert.False(File.Exists(_target.DatabasePath));
    }

    private static async Task AssignAsync(CtlHarness ctl, string address, string handle)
    {
        await using var store = await OpenAsync(ctl);
        await IpamClientFactory.Create(store).AssignIpAsync(new AssignIpRequest { Address = IPAddress.Parse(address), HandleId = handle, Node = "node1" });
    }

    private static async Task<List<(ResourceKey, string)>> SnapshotAsync(CtlHarness ctl)
    {
        await using var store = await OpenAsync(ctl);
        return [.. (await ((IWholeStoreListing)store).ListAllAsync()).Items.Select(r => (r.Key, r.Value))];
    }

    private static async Task<IDatastore> OpenAsync(CtlHarness ctl) =>
        await DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = ctl.DatabasePath });
}
