namespace Calico.Datastore.Tests;

public class SqliteSmokeTests
{
    [Fact]
    public void Open_InMemory_Works()
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "select sqlite_version()";
        Assert.NotNull(cmd.ExecuteScalar());
    }
}
