using Calico.Datastore.Conformance;

namespace Calico.Datastore.Tests;

/// <summary>The conformance suite against the in-memory store.</summary>
public sealed class InMemoryConformanceTests : DatastoreConformanceTests
{
    protected override ValueTask<IDatastore> CreateDatastoreAsync() => ValueTask.FromResult(DatastoreFactory.CreateInMemory());
}
