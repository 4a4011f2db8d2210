namespace Calico.Datastore.Etcd.Tests;

/// <summary>A three-member etcd of its own for the tests that kill members.</summary>
public sealed class FaultEtcd() : EtcdCluster(members: 3, basePort: 24310);
