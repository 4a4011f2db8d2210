using Calico.Datastore.Conformance;

namespace Calico.Datastore.Tests;

/// <summary>The conformance suite against a SQLite file in a fresh temporary directory per test.</summary>
public sealed class SqliteConformanceTests : DatastoreConformanceTests, IDisposable
{
    private readonly TempDatabase _database = new();

    protected override async ValueTask<IDatastore> CreateDatastoreAsync() =>
        await DatastoreFactory.OpenSqliteAsync(_database.Options());

    public void Dispose() => _database.Dispose();
}
