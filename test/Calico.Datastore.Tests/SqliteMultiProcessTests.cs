using System.Text.Json;
using Xunit.Abstractions;

namespace Calico.Datastore.Tests;

/// <summary>Several OS processes sharing one SQLite file, as CNI invocations, calico-node and calicoctl do.</summary>
public sealed class SqliteMultiProcessTests(ITestOutputHelper output) : IDisposable
{
    private const int Processes = 6;
    private const int IncrementsEach = 50;
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task ReadModifyWrite_SixProcessesWithConflictRetry_LoseNoIncrement()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var store = await DatastoreFactory.OpenSqliteAsync(_database.Options(TimeSpan.FromSeconds(30)));
        var counter = ResourceKey.Cluster("Counter", "shared");
        await store.CreateAsync(counter, "0", timeout.Token);

        var clients = new List<StressClientProcess>();
        try
        {
            for (var i = 0; i < Processes; i++)
            {
                clients.Add(new StressClientProcess(_database.Path, $"client-{i}", IncrementsEach));
            }

            // Every client announces itself, then all start together when StressGo/go appears (seen by watching).
            var ready = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var change in store.WatchAsync(new WatchOptions("StressReady"), timeout.Token))
            {
                ready.Add(change.Key.Name);
                if (ready.Count == Processes)
                {
                    break;
                }
            }

            await store.CreateAsync(ResourceKey.Cluster("StressGo", "go"), "{}", timeout.Token);
            var started = System.Diagnostics.Stopwatch.StartNew();

            var totalConflicts = 0;
            foreach (var client in clients)
            {
                var (exitCode, stdout, stderr) = await client.WaitAsync(timeout.Token);
                Assert.True(exitCode == 0, $"A stress client failed (exit {exitCode}): {stderr}");
                using var report = JsonDocument.Parse(stdout);
                Assert.Equal(IncrementsEach, report.RootElement.GetProperty("increments").GetInt32());
                totalConflicts += report.RootElement.GetProperty("conflicts").GetInt32();
            }

            output.WriteLine($"{Processes} processes x {IncrementsEach} increments: {totalConflicts} conflicts, {started.ElapsedMilliseconds} ms");
            var final = await store.GetAsync(counter, timeout.Token);
            Assert.Equal((Processes * IncrementsEach).ToString(System.Globalization.CultureInfo.InvariantCulture), final!.Value);
            Assert.True(totalConflicts > 0, "Expected some clients to lose a race and retry.");

            // Every successful increment is one revision in the change log, in order.
            var increments = 0;
            await foreach (var change in store.WatchAsync(new WatchOptions("Counter", AfterRevision: 1), timeout.Token))
            {
                Assert.Equal((++increments).ToString(System.Globalization.CultureInfo.InvariantCulture), change.Value);
                if (increments == Processes * IncrementsEach)
                {
                    break;
                }
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }
}
