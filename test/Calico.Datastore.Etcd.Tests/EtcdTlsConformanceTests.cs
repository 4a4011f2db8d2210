using Calico.Datastore.Conformance;

namespace Calico.Datastore.Etcd.Tests;

/// <summary>The whole conformance suite on an etcd that takes only TLS clients with a certificate from the test CA.</summary>
public sealed class EtcdTlsConformanceTests(TlsEtcd etcd) : DatastoreConformanceTests, IClassFixture<TlsEtcd>
{
    protected override async ValueTask<IDatastore> CreateDatastoreAsync() => await etcd.OpenFreshStoreAsync();
}
