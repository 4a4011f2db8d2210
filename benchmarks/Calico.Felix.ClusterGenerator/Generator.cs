using System.Diagnostics;
using System.Text.Json;
using Calico.Api;
using Calico.Api.Defaults;
using Calico.Api.Serialization;
using Calico.Api.Validation;
using Calico.Datastore;

namespace Calico.Felix.ClusterGenerator;

/// <summary>
/// Writes a <see cref="ClusterModel"/> into an empty SQLite datastore in transactions of <see cref="BatchSize"/>
/// resources, defaulted and validated exactly as calicoctl would store them, then compacts the change log (nobody
/// watches a store that is being created).
/// </summary>
internal static class Generator
{
    private const int BatchSize = 5000;

    public static async Task<int> RunAsync(ClusterShape shape, string dbPath, string planPath, CancellationToken ct)
    {
        if (File.Exists(dbPath))
        {
            throw new ArgumentException($"{dbPath} exists; the generator writes only a new store");
        }

        var started = Stopwatch.GetTimestamp();
        var model = new ClusterModel(shape);
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var ops = new List<TransactionOp>(BatchSize);
        long revision = 0;
        await using (var store = await DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = dbPath, DurableCommits = false, WatchFileNotifications = false }, ct).ConfigureAwait(false))
        {
            async ValueTask AddAsync(Resource resource)
            {
                ResourceDefaulter.Apply(resource);
                if (ResourceValidator.Validate(resource) is { Count: > 0 } errors)
                {
                    throw new InvalidOperationException($"generated {resource.Kind} {resource.Namespace}/{resource.Name} is invalid: {errors[0].FieldPath}: {errors[0].Reason}");
                }

                var kind = ResourceKinds.Of(resource);
                counts[kind.StoreKind] = counts.GetValueOrDefault(kind.StoreKind) + 1;
                ops.Add(new TransactionOp.Create(new ResourceKey(kind.StoreKind, resource.Namespace, resource.Name), ResourceCodec.EncodeJson(resource)));
                if (ops.Count >= BatchSize)
                {
                    await FlushAsync().ConfigureAwait(false);
                }
            }

            async ValueTask FlushAsync()
            {
                if (ops.Count > 0)
                {
                    var committed = await store.CommitAsync(ops, ct).ConfigureAwait(false);
                    revision = committed[0].Revision;
                    ops.Clear();
                }
            }

            foreach (var resource in model.Infrastructure().Concat(model.Namespaces()).Concat(model.NetworkSets()))
            {
                await AddAsync(resource).ConfigureAwait(false);
            }

            for (var j = 0; j < shape.Policies; j++)
            {
                await AddAsync(model.Policy(j)).ConfigureAwait(false);
            }

            for (var e = 0; e < shape.Endpoints; e++)
            {
                await AddAsync(model.Endpoint(e)).ConfigureAwait(false);
            }

            await FlushAsync().ConfigureAwait(false);
            await store.CompactAsync(revision, ct).ConfigureAwait(false);
        }

        var plan = MutationPlan.Build(model);
        plan.Write(planPath);

        using var json = new Utf8JsonWriter(Console.OpenStandardOutput(), new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("revision", revision);
        json.WriteNumber("seconds", Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 2));
        json.WriteNumber("db_bytes", new FileInfo(dbPath).Length + (File.Exists(dbPath + "-wal") ? new FileInfo(dbPath + "-wal").Length : 0));
        json.WriteStartObject("resources");
        foreach (var (kind, count) in counts)
        {
            json.WriteNumber(kind, count);
        }

        json.WriteEndObject();
        json.WriteNumber("local_endpoints", plan.Interfaces.Count);
        json.WriteNumber("label_targets", plan.LabelTargets.Count);
        json.WriteNumber("label_targets_local", plan.LabelTargets.Count(t => t.Local));
        json.WriteNumber("policy_targets", plan.PolicyTargets.Count);
        json.WriteEndObject();
        json.Flush();
        Console.Out.WriteLine();
        return 0;
    }
}
