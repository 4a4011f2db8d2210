using Calico.Datastore.Conformance;

namespace Calico.Datastore.Etcd.Tests;

/// <summary>The conformance suite on a three-member etcd, each test under a fresh prefix (see the single-member class).</summary>
public sealed class EtcdThreeMemberConformanceTests(ThreeMemberEtcd etcd) : DatastoreConformanceTests, IClassFixture<ThreeMemberEtcd>
{
    protected override async ValueTask<IDatastore> CreateDatastoreAsync() => await etcd.OpenFreshStoreAsync();
}
