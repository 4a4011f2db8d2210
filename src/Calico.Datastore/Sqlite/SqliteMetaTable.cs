using Microsoft.Data.Sqlite;

namespace Calico.Datastore.Sqlite;

/// <summary>The <c>meta</c> table: the store revision and the revision the change log is compacted to.</summary>
internal sealed class SqliteMetaTable
{
    public (long Revision, long Compacted) Read(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, value FROM meta WHERE name IN ('revision', 'compacted');";
        using var reader = command.ExecuteReader();
        long revision = 0, compacted = 0;
        while (reader.Read())
        {
            var value = reader.GetInt64(1);
            if (string.Equals(reader.GetString(0), "revision", StringComparison.Ordinal))
            {
                revision = value;
            }
            else
            {
                compacted = value;
            }
        }

        return (revision, compacted);
    }

    public long ReadRevision(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE name = 'revision';";
        return (long)command.ExecuteScalar()!;
    }

    public void SetRevision(SqliteConnection connection, long revision) => Set(connection, "revision", revision);

    public void SetCompacted(SqliteConnection connection, long revision) => Set(connection, "compacted", revision);

    private static void Set(SqliteConnection connection, string name, long value)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE meta SET value = $value WHERE name = $name;";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }
}
