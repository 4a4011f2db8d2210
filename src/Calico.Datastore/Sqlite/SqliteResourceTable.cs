using Microsoft.Data.Sqlite;

namespace Calico.Datastore.Sqlite;

/// <summary>
/// The <c>resources</c> table: the current value of every key. A cluster-scoped resource's namespace is stored as
/// the empty string, so the (kind, namespace, name) index also gives the list order.
/// </summary>
internal sealed class SqliteResourceTable
{
    private const string Columns = "kind, namespace, name, value, revision, create_revision";

    public StoredResource? Get(SqliteConnection connection, ResourceKey key)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM resources WHERE kind = $kind AND namespace = $namespace AND name = $name;";
        AddKey(command, key);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadResource(reader) : null;
    }

    public List<StoredResource> List(SqliteConnection connection, string kind, string? ns)
    {
        using var command = connection.CreateCommand();
        command.CommandText = ns is null
            ? $"SELECT {Columns} FROM resources WHERE kind = $kind ORDER BY namespace, name;"
            : $"SELECT {Columns} FROM resources WHERE kind = $kind AND namespace = $namespace ORDER BY name;";
        command.Parameters.AddWithValue("$kind", kind);
        if (ns is not null)
        {
            command.Parameters.AddWithValue("$namespace", ns);
        }

        using var reader = command.ExecuteReader();
        var items = new List<StoredResource>();
        while (reader.Read())
        {
            items.Add(ReadResource(reader));
        }

        return items;
    }

    /// <summary>Every row, sorted by kind, namespace ('' first), name.</summary>
    public List<StoredResource> ListAll(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM resources ORDER BY kind, namespace, name;";
        using var reader = command.ExecuteReader();
        var items = new List<StoredResource>();
        while (reader.Read())
        {
            items.Add(ReadResource(reader));
        }

        return items;
    }

    /// <summary>One page of a kind in list order after (namespace, name) (keyset pagination on the unique index).</summary>
    public List<StoredResource> ListPage(SqliteConnection connection, string kind, ResourceKey? after, int limit)
    {
        using var command = connection.CreateCommand();
        command.CommandText = after is null
            ? $"SELECT {Columns} FROM resources WHERE kind = $kind ORDER BY namespace, name LIMIT $limit;"
            : $"SELECT {Columns} FROM resources WHERE kind = $kind AND (namespace, name) > ($namespace, $name) ORDER BY namespace, name LIMIT $limit;";
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$limit", limit);
        if (after is { } key)
        {
            command.Parameters.AddWithValue("$namespace", key.Namespace ?? string.Empty);
            command.Parameters.AddWithValue("$name", key.Name);
        }

        using var reader = command.ExecuteReader();
        var items = new List<StoredResource>(Math.Min(limit, 1024));
        while (reader.Read())
        {
            items.Add(ReadResource(reader));
        }

        return items;
    }

    public void Put(SqliteConnection connection, StoredResource resource)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO resources ({Columns}) VALUES ($kind, $namespace, $name, $value, $revision, $create_revision)
            ON CONFLICT (kind, namespace, name) DO UPDATE
            SET value = excluded.value, revision = excluded.revision, create_revision = excluded.create_revision;
            """;
        AddKey(command, resource.Key);
        command.Parameters.AddWithValue("$value", resource.Value);
        command.Parameters.AddWithValue("$revision", resource.Revision);
        command.Parameters.AddWithValue("$create_revision", resource.CreateRevision);
        command.ExecuteNonQuery();
    }

    public void Delete(SqliteConnection connection, ResourceKey key)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM resources WHERE kind = $kind AND namespace = $namespace AND name = $name;";
        AddKey(command, key);
        command.ExecuteNonQuery();
    }

    private static void AddKey(SqliteCommand command, ResourceKey key)
    {
        command.Parameters.AddWithValue("$kind", key.Kind);
        command.Parameters.AddWithValue("$namespace", key.Namespace ?? string.Empty);
        command.Parameters.AddWithValue("$name", key.Name);
    }

    private static StoredResource ReadResource(SqliteDataReader reader) =>
        new(
            reader.GetResourceKey(0),
            reader.GetString(3),
            reader.GetInt64(4),
            reader.GetInt64(5));
}
