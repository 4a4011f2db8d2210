using Calico.Datastore;

namespace Calico.Typha.LoadClients;

/// <summary>A datastore named on the command line: <c>sqlite:PATH</c> or <c>etcd:URL[,URL...]</c>.</summary>
internal sealed record StoreSpec(string? SqlitePath, IReadOnlyList<Uri>? EtcdEndpoints)
{
    public static StoreSpec Parse(string text, string option)
    {
        if (text.StartsWith("sqlite:", StringComparison.Ordinal) && text.Length > 7)
        {
            return new StoreSpec(text[7..], null);
        }

        if (text.StartsWith("etcd:", StringComparison.Ordinal) && text.Length > 5)
        {
            return new StoreSpec(null, text[5..].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(u)).ToList());
        }

        throw new ArgumentException($"{option} {text}: expected sqlite:PATH or etcd:URL[,URL...]");
    }

    public string Name => SqlitePath is not null ? "sqlite" : "etcd";

    /// <summary>A new store instance (its own connections and, for SQLite, its own change poller).</summary>
    public ValueTask<IDatastore> OpenAsync(CancellationToken ct) => SqlitePath is { } path
        ? DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = path }, ct)
        : DatastoreFactory.OpenEtcdAsync(new EtcdDatastoreOptions { Endpoints = EtcdEndpoints! }, ct);
}
