namespace Calico.Typha;

/// <summary>Which consumer a client is: each syncer type has its own kind list, snapshot and breadcrumb chain.</summary>
public enum SyncerType
{
    /// <summary>Felix's calculation graph (<see cref="SyncerKinds.Felix"/>).</summary>
    Felix,

    /// <summary>BIRD's configuration renderer (<see cref="SyncerKinds.Bgp"/>).</summary>
    Bgp,
}
