using System.Diagnostics;
using System.Text.Json;
using Calico.Datastore;

namespace Calico.Typha.LoadClients;

/// <summary>Copies every resource of a generated SQLite store into an empty etcd, in transactions within etcd's limits.</summary>
internal static class EtcdSeeder
{
    private const int BatchSize = 100;

    public static async Task<int> RunAsync(LoadOptions options, Utf8JsonWriter json, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await using var source = await options.SeedFrom!.OpenAsync(ct).ConfigureAwait(false);
        await using var target = await options.Store.OpenAsync(ct).ConfigureAwait(false);
        var all = await ((IWholeStoreListing)source).ListAllAsync(ct).ConfigureAwait(false);
        var ops = new List<TransactionOp>(BatchSize);
        var copied = 0;
        foreach (var resource in all.Items)
        {
            ops.Add(new TransactionOp.Create(resource.Key, resource.Value));
            if (ops.Count == BatchSize)
            {
                await target.CommitAsync(ops, ct).ConfigureAwait(false);
                copied += ops.Count;
                ops.Clear();
            }
        }

        if (ops.Count > 0)
        {
            await target.CommitAsync(ops, ct).ConfigureAwait(false);
            copied += ops.Count;
        }

        json.WriteStartObject("seed");
        json.WriteNumber("resources", copied);
        json.WriteNumber("seconds", Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 1));
        json.WriteEndObject();
        return 0;
    }
}
