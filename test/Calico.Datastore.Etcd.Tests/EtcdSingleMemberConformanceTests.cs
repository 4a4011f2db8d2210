using Calico.Datastore.Conformance;

namespace Calico.Datastore.Etcd.Tests;

/// <summary>
/// The conformance suite on a one-member etcd. The tests share the cluster; each gets a store under a fresh key
/// prefix whose revision 0 is etcd's revision when the test starts, so it sees an empty store at revision 0 (tests of
/// one class run one at a time, so nothing else writes meanwhile).
/// </summary>
public sealed class EtcdSingleMemberConformanceTests(SingleMemberEtcd etcd) : DatastoreConformanceTests, IClassFixture<SingleMemberEtcd>
{
    protected override async ValueTask<IDatastore> CreateDatastoreAsync() => await etcd.OpenFreshStoreAsync();
}
