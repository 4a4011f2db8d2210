using Microsoft.Data.Sqlite;

namespace Calico.Datastore.Sqlite;

/// <summary>
/// The database layout. <c>meta</c> holds the revision counter, the compacted revision and the schema version;
/// <c>resources</c> the current value of every key; <c>changes</c> the change log watches read, keyed by
/// (revision, index in the transaction).
/// </summary>
internal sealed class SqliteSchema
{
    public const long Version = 1;

    private const string CreateTables = """
        CREATE TABLE IF NOT EXISTS meta (
            name  TEXT    NOT NULL PRIMARY KEY,
            value INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS resources (
            kind            TEXT    NOT NULL,
            namespace       TEXT    NOT NULL, -- '' for cluster-scoped resources
            name            TEXT    NOT NULL,
            value           TEXT    NOT NULL,
            revision        INTEGER NOT NULL,
            create_revision INTEGER NOT NULL,
            UNIQUE (kind, namespace, name)
        );
        CREATE TABLE IF NOT EXISTS changes (
            revision       INTEGER NOT NULL,
            seq            INTEGER NOT NULL, -- index of the operation in its transaction
            type           INTEGER NOT NULL, -- 1 added, 2 modified, 3 deleted
            kind           TEXT    NOT NULL,
            namespace      TEXT    NOT NULL,
            name           TEXT    NOT NULL,
            value          TEXT,
            previous_value TEXT,
            PRIMARY KEY (revision, seq)
        );
        INSERT OR IGNORE INTO meta (name, value) VALUES ('schema_version', 1), ('revision', 0), ('compacted', 0);
        SELECT value FROM meta WHERE name = 'schema_version';
        """;

    /// <summary>Switches the file to WAL mode; must run outside a transaction. The mode is stored in the file.</summary>
    public string EnableWriteAheadLog(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
    }

    /// <summary>Creates missing tables inside a write transaction and returns the file's schema version.</summary>
    public long CreateIfMissing(SqliteConnection connection)
    {
        // Fast path, read-only: an existing database of this version needs no DDL, and no write lock (every CNI
        // invocation opens the store; taking the write lock here made concurrent pod starts queue behind each other).
        using (var probe = connection.CreateCommand())
        {
            probe.CommandText = "SELECT value FROM meta WHERE name = 'schema_version';";
            try
            {
                if (probe.ExecuteScalar() is long existing && existing == Version)
                {
                    return existing;
                }
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 1)
            {
                // SQLITE_ERROR: no such table, a new database.
            }
        }

        using var command = connection.CreateCommand();
        command.CommandText = CreateTables;
        return (long)command.ExecuteScalar()!;
    }
}
