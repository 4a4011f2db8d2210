namespace Calico.Datastore.Etcd.Tests;

/// <summary>A three-member etcd of its own for the tests that stop and restart members.</summary>
public sealed class RestartEtcd() : EtcdCluster(members: 3, basePort: 24410);
