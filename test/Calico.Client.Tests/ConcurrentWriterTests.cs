using System.Globalization;
using Calico.Api;
using Calico.Api.Serialization;
using Calico.Client.Store;
using Calico.Datastore;

namespace Calico.Client.Tests;

/// <summary>Writers with their own store instances on one SQLite file (as separate processes would be) never lose an update.</summary>
public sealed class ConcurrentWriterTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"calico-test-writers-{Guid.NewGuid():N}");

    public ConcurrentWriterTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ReadModifyWrite_ManyWritersOnOneFile_NoLostUpdates()
    {
        const int writers = 6;
        const int incrementsEach = 15;
        var path = Path.Combine(_directory, "calico.db");
        await using (var setup = await DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = path }))
        {
            await new ResourceStore(setup, TimeProvider.System).WriteAsync(
                ResourceCodec.Decode("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p, labels: {count: '0'}}\nspec: {cidr: 10.0.0.0/16}", "x"),
                WriteMode.Create, new WriteOptions());
        }

        var conflicts = 0;
        var readers = 0;
        var allHaveRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            await using var datastore = await DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = path });
            var store = new ResourceStore(datastore, TimeProvider.System);
            for (var i = 0; i < incrementsEach; i++)
            {
                while (true)
                {
                    var pool = (await store.GetAsync(ResourceKinds.IPPool, null, "p"))!;
                    var count = int.Parse(pool.Metadata.Labels!["count"], CultureInfo.InvariantCulture);
                    pool.Metadata.Labels["count"] = (count + 1).ToString(CultureInfo.InvariantCulture);
                    if (i == 0 && !allHaveRead.Task.IsCompleted)
                    {
                        // First round: every writer reads the same revision before any writes, so all but one must collide.
                        if (Interlocked.Increment(ref readers) == writers)
                        {
                            allHaveRead.SetResult();
                        }

                        await allHaveRead.Task;
                    }

                    try
                    {
                        await store.WriteAsync([new DecodedResource(pool, ResourceKinds.IPPool, "writer", 1)], WriteMode.Replace, new WriteOptions());
                        break;
                    }
                    catch (ResourceInputException e) when (e.Reason.Contains("out of date", StringComparison.Ordinal) || e.Reason.Contains("modified concurrently", StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref conflicts);
                    }
                }
            }
        })).ToArray();
        await Task.WhenAll(tasks);

        await using var check = await DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = path });
        var final = await new ResourceStore(check, TimeProvider.System).GetAsync(ResourceKinds.IPPool, null, "p");
        Assert.Equal((writers * incrementsEach).ToString(CultureInfo.InvariantCulture), final!.Metadata.Labels!["count"]);
        Assert.True(conflicts >= writers - 1, $"expected at least {writers - 1} conflicts in the first round, saw {conflicts}");
    }
}
