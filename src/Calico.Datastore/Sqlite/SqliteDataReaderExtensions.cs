using Microsoft.Data.Sqlite;

namespace Calico.Datastore.Sqlite;

/// <summary>Reading datastore values from query results.</summary>
internal static class SqliteDataReaderExtensions
{
    /// <summary>Reads a <see cref="ResourceKey"/> from three consecutive columns: kind, namespace ('' if cluster-scoped), name.</summary>
    public static ResourceKey GetResourceKey(this SqliteDataReader reader, int firstColumn)
    {
        var ns = reader.GetString(firstColumn + 1);
        return new ResourceKey(reader.GetString(firstColumn), ns.Length == 0 ? null : ns, reader.GetString(firstColumn + 2));
    }
}
