namespace Calico.Datastore.Etcd.Tests;

/// <summary>A three-member etcd shared by the tests of one class (they run one at a time).</summary>
public sealed class ThreeMemberEtcd() : EtcdCluster(members: 3, basePort: 24210);
