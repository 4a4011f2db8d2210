using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Calico.Api;
using Calico.Api.Resources;
using Calico.Api.Serialization;
using Calico.Api.Values;
using Calico.Datastore;

namespace Calico.Felix.ClusterGenerator;

/// <summary>
/// Makes one change per request, as a user or controller would: reads the object, changes it, writes it back with
/// the revision it read (one transaction). Requests come one per line on stdin (<c>label</c>, <c>policy</c>,
/// <c>quit</c>); each answer is one JSON line with the new revision and when the commit started and returned, on
/// CLOCK_MONOTONIC in nanoseconds (Python's <c>time.monotonic_ns()</c>), so the caller can time from the commit.
/// </summary>
internal sealed class Mutator(IDatastore store, MutationPlan plan)
{
    private int _nextLabel;
    private int _nextPolicy;

    public static async Task<int> RunAsync(string dbPath, string planPath, CancellationToken ct)
    {
        var plan = MutationPlan.Read(planPath);
        await using var store = await DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = dbPath }, ct).ConfigureAwait(false);
        var mutator = new Mutator(store, plan);
        Console.Out.WriteLine("""{"ready":true}""");
        Console.Out.Flush();
        while (await Console.In.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            var command = line.Trim();
            if (command.Length == 0)
            {
                continue;
            }

            if (string.Equals(command, "quit", StringComparison.Ordinal))
            {
                break;
            }

            var answer = command switch
            {
                "label" => await mutator.ChangeLabelAsync(ct).ConfigureAwait(false),
                "policy" => await mutator.ChangePolicyAsync(ct).ConfigureAwait(false),
                _ => $$"""{"error":{{JsonSerializer.Serialize(command)}}}""",
            };
            Console.Out.WriteLine(answer);
            Console.Out.Flush();
        }

        return 0;
    }

    /// <summary>Flips the next label target's <c>tier</c> between frontend and backend.</summary>
    public async Task<string> ChangeLabelAsync(CancellationToken ct)
    {
        if (plan.LabelTargets.Count == 0)
        {
            return """{"error":"no label targets in this cluster"}""";
        }

        var target = plan.LabelTargets[_nextLabel++ % plan.LabelTargets.Count];
        return await ChangeAsync("label", ResourceKinds.WorkloadEndpoint, target, resource =>
        {
            var labels = resource.Metadata.Labels!;
            var before = labels["tier"];
            labels["tier"] = string.Equals(before, "frontend", StringComparison.Ordinal) ? "backend" : "frontend";
            return $"tier {before} -> {labels["tier"]}";
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Moves port 8080 of the next policy target's first ingress rule to 8081, or back.</summary>
    public async Task<string> ChangePolicyAsync(CancellationToken ct)
    {
        if (plan.PolicyTargets.Count == 0)
        {
            return """{"error":"no policy targets in this cluster"}""";
        }

        var target = plan.PolicyTargets[_nextPolicy++ % plan.PolicyTargets.Count];
        return await ChangeAsync("policy", ResourceKinds.NetworkPolicy, target, resource =>
        {
            var ports = ((NetworkPolicy)resource).Spec.Ingress![0].Destination!.Ports!;
            var last = ports[^1];
            var next = last.Min == 8080 ? 8081 : 8080;
            ports[^1] = Port.Single(next);
            return string.Create(CultureInfo.InvariantCulture, $"port {last} -> {next}");
        }, ct).ConfigureAwait(false);
    }

    private async Task<string> ChangeAsync(string what, ResourceKind kind, MutationTarget target, Func<Resource, string> change, CancellationToken ct)
    {
        var key = new ResourceKey(target.StoreKind, target.Namespace, target.Name);
        var stored = await store.GetAsync(key, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{key} is not in the store");
        var resource = ResourceCodec.DecodeStored(kind, stored.Value);
        var description = change(resource);
        var json = ResourceCodec.EncodeJson(resource);
        var commitStart = MonotonicNanoseconds();
        var committed = await store.CommitAsync([new TransactionOp.Update(key, json, stored.Revision)], ct).ConfigureAwait(false);
        var commitEnd = MonotonicNanoseconds();
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("op", what);
            writer.WriteString("target", key.QualifiedName);
            writer.WriteBoolean("local", target.Local);
            writer.WriteString("change", description);
            writer.WriteNumber("revision", committed[0].Revision);
            writer.WriteNumber("commit_start_ns", commitStart);
            writer.WriteNumber("commit_end_ns", commitEnd);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>CLOCK_MONOTONIC in nanoseconds: <see cref="Stopwatch"/> reads that clock on Linux.</summary>
    private static long MonotonicNanoseconds() => (long)((Int128)Stopwatch.GetTimestamp() * 1_000_000_000 / Stopwatch.Frequency);
}
