using Calico.Datastore.Watching;
using Microsoft.Data.Sqlite;

namespace Calico.Datastore.Sqlite;

/// <summary>
/// The <c>changes</c> table, keyed by (revision, index in the transaction): what watches read. Writers append
/// under the write lock, so the key order is the commit order.
/// </summary>
internal sealed class SqliteChangeLog
{
    public void Append(SqliteConnection connection, ChangeCursor position, WatchEvent change)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO changes (revision, seq, type, kind, namespace, name, value, previous_value)
            VALUES ($revision, $seq, $type, $kind, $namespace, $name, $value, $previous_value);
            """;
        command.Parameters.AddWithValue("$revision", position.Revision);
        command.Parameters.AddWithValue("$seq", position.Sequence);
        command.Parameters.AddWithValue("$type", ToCode(change.Type));
        command.Parameters.AddWithValue("$kind", change.Key.Kind);
        command.Parameters.AddWithValue("$namespace", change.Key.Namespace ?? string.Empty);
        command.Parameters.AddWithValue("$name", change.Key.Name);
        command.Parameters.AddWithValue("$value", (object?)change.Value ?? DBNull.Value);
        command.Parameters.AddWithValue("$previous_value", (object?)change.PreviousValue ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    /// <summary>Reads up to <paramref name="limit"/> matching changes after <paramref name="after"/>.</summary>
    /// <returns>The changes, and the position of the last one read (or <paramref name="after"/> if none).</returns>
    public (List<WatchEvent> Changes, ChangeCursor Last) Read(SqliteConnection connection, ChangeCursor after, WatchOptions filter, int limit)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT kind, namespace, name, revision, seq, type, value, previous_value FROM changes
            WHERE (revision, seq) > ($revision, $seq)
              AND ($kind IS NULL OR kind = $kind)
              AND ($namespace IS NULL OR namespace = $namespace)
            ORDER BY revision, seq
            LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$revision", after.Revision);
        command.Parameters.AddWithValue("$seq", after.Sequence);
        command.Parameters.AddWithValue("$kind", (object?)filter.Kind ?? DBNull.Value);
        command.Parameters.AddWithValue("$namespace", (object?)filter.Namespace ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var changes = new List<WatchEvent>();
        var last = after;
        while (reader.Read())
        {
            last = new ChangeCursor(reader.GetInt64(3), reader.GetInt64(4));
            changes.Add(new WatchEvent(
                FromCode(reader.GetInt64(5)),
                reader.GetResourceKey(0),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                last.Revision));
        }

        return (changes, last);
    }

    /// <summary>Deletes every change at or before <paramref name="revision"/>.</summary>
    public void Compact(SqliteConnection connection, long revision)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM changes WHERE revision <= $revision;";
        command.Parameters.AddWithValue("$revision", revision);
        command.ExecuteNonQuery();
    }

    private static long ToCode(WatchEventType type) => type switch
    {
        WatchEventType.Added => 1,
        WatchEventType.Modified => 2,
        WatchEventType.Deleted => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown change type."),
    };

    private static WatchEventType FromCode(long code) => code switch
    {
        1 => WatchEventType.Added,
        2 => WatchEventType.Modified,
        3 => WatchEventType.Deleted,
        _ => throw new DatastoreException($"The datastore's change log holds an unknown change type {code}."),
    };
}
