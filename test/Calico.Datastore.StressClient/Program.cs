using System.Globalization;
using Calico.Datastore;

// Usage: Calico.Datastore.StressClient --path <db> --id <n> --increments <count>
//
// 1. Announces itself by creating StressReady/<id>, then waits (by watching) until StressGo/go exists, so that all
//    clients start incrementing together.
// 2. Increments the cluster-scoped Counter/shared resource <count> times: read, add one, update with the revision it
//    read; on a revision conflict it re-reads and retries.
// 3. Prints {"id":..,"increments":..,"conflicts":..} and exits 0; on failure prints the error and exits 1.
var arguments = ParseArguments(args);
var path = arguments["--path"];
var id = arguments["--id"];
var increments = int.Parse(arguments["--increments"], CultureInfo.InvariantCulture);
var counterKey = ResourceKey.Cluster("Counter", "shared");

try
{
    await using var store = await DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions
    {
        Path = path,
        BusyTimeout = TimeSpan.FromSeconds(30),
    });

    using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
    await store.CreateAsync(ResourceKey.Cluster("StressReady", id), "{}", timeout.Token);
    await foreach (var _ in store.WatchAsync(new WatchOptions("StressGo"), timeout.Token))
    {
        break;
    }

    var conflicts = 0;
    for (var done = 0; done < increments;)
    {
        var current = await store.GetAsync(counterKey, timeout.Token)
            ?? throw new InvalidOperationException("The counter does not exist.");
        var next = long.Parse(current.Value, CultureInfo.InvariantCulture) + 1;
        try
        {
            await store.UpdateAsync(counterKey, next.ToString(CultureInfo.InvariantCulture), current.Revision, timeout.Token);
            done++;
        }
        catch (RevisionConflictException)
        {
            conflicts++;
        }
    }

    Console.WriteLine($$"""{"id":"{{id}}","increments":{{increments}},"conflicts":{{conflicts}}}""");
    return 0;
}
catch (Exception e)
{
    await Console.Error.WriteLineAsync($"stress client {id} failed: {e}");
    return 1;
}

static Dictionary<string, string> ParseArguments(string[] args)
{
    var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        parsed[args[i]] = args[i + 1];
    }

    foreach (var required in new[] { "--path", "--id", "--increments" })
    {
        if (!parsed.ContainsKey(required))
        {
            throw new ArgumentException($"Missing {required}. Usage: --path <db> --id <n> --increments <count>");
        }
    }

    return parsed;
}
