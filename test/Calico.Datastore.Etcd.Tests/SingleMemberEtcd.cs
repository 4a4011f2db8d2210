namespace Calico.Datastore.Etcd.Tests;

/// <summary>A one-member etcd shared by the tests of one class (they run one at a time).</summary>
public sealed class SingleMemberEtcd() : EtcdCluster(members: 1, basePort: 24110);
