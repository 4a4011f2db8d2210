namespace Calico.Datastore.Etcd.Tests;

/// <summary>
/// The migration tests' own one-member etcd, on ports no other fixture starts from. Two fixtures starting in parallel
/// from the same base port both find it free (etcd-lab.sh checks before either member binds), and the one whose member
/// lost the bind talks to the other's etcd, then stops it when its tests end: the migration tests shared
/// <see cref="SingleMemberEtcd"/> with the conformance tests that way, and a CI run lost the conformance suite's etcd
/// five seconds in.
/// </summary>
public sealed class MigrationEtcd() : EtcdCluster(members: 1, basePort: 24510);
