namespace Calico.Datastore.Etcd.Tests;

/// <summary>
/// unix:///path endpoints: gRPC over HTTP/2 cleartext through a member's unix socket, for reads, writes and watches;
/// a dead socket in the list is passed over; a unix URL that is not an absolute path is refused with its reason.
/// </summary>
public sealed class EtcdUnixSocketTests(UnixSocketEtcd etcd) : IClassFixture<UnixSocketEtcd>
{
    [Fact]
    public async Task UnixSocketEndpoint_WriteReadAndWatch_GoThroughTheSocket()
    {
        await using var store = await OpenAsync([etcd.Endpoint]);
        var start = await store.GetRevisionAsync();
        var key = ResourceKey.Cluster("IPPool", "through-the-socket");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var watch = store.WatchAsync(new WatchOptions("IPPool", AfterRevision: start), stop.Token).GetAsyncEnumerator(stop.Token);

        var created = await store.CreateAsync(key, "{\"spec\":{}}");
        var read = await store.GetAsync(key);

        Assert.Equal("{\"spec\":{}}", read?.Value);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(WatchEventType.Added, watch.Current.Type);
        Assert.Equal(created.Revision, watch.Current.Revision);
    }

    [Fact]
    public async Task DeadSocketFirst_CallsMoveOnToTheLiveMember()
    {
        var dead = Path.Combine(etcd.Directory, "gone.sock:0");
        await using var store = await OpenAsync([new Uri($"unix://{dead}"), etcd.Endpoint]);

        var revision = await store.GetRevisionAsync();

        Assert.True(revision >= 0);
    }

    [Theory]
    [InlineData("unix://etcd.sock:0")]
    [InlineData("unix://localhost/tmp/etcd.sock:0")]
    public void UnixEndpointWithAHost_IsRefused_NamingTheForm(string endpoint)
    {
        var error = Assert.Throws<ArgumentException>(() => DatastoreFactory.OpenEtcdAsync(new EtcdDatastoreOptions { Endpoints = [new Uri(endpoint)] }));

        Assert.Contains(endpoint, error.Message, StringComparison.Ordinal);
        Assert.Contains("unix:///absolute/path", error.Message, StringComparison.Ordinal);
    }

    private async Task<IDatastore> OpenAsync(IReadOnlyList<Uri> endpoints)
    {
        var probe = await DatastoreFactory.OpenEtcdAsync(new EtcdDatastoreOptions { Endpoints = [etcd.Endpoint], RevisionBase = 0 });
        long revision;
        await using (probe)
        {
            revision = await probe.GetRevisionAsync();
        }

        return await DatastoreFactory.OpenEtcdAsync(new EtcdDatastoreOptions
        {
            Endpoints = endpoints,
            KeyPrefix = $"/calico-test/{Guid.NewGuid():N}/",
            RevisionBase = revision,
            RequestTimeout = TimeSpan.FromSeconds(10),
        });
    }
}
