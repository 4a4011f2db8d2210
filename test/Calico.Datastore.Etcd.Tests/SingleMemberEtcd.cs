namespace Calico.Datastore.Etcd.Tests;

/// <summary>A one-member etcd for the conformance suite's tests (one class: they run one at a time). Other classes start their own on other ports (see <see cref="MigrationEtcd"/>).</summary>
public sealed class SingleMemberEtcd() : EtcdCluster(members: 1, basePort: 24110);
