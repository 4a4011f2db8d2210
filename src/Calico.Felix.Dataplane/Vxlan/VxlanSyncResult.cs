namespace Calico.Felix.Dataplane.Vxlan;

/// <summary>What one <see cref="VxlanManager"/> pass changed in the kernel, and whether it failed (and will be retried).</summary>
public sealed record VxlanSyncResult(int DeviceChanges, int NeighboursWritten, int NeighboursDeleted, int RoutesWritten, int RoutesDeleted, string? Error)
{
    public static VxlanSyncResult Empty { get; } = new(0, 0, 0, 0, 0, null);

    public int Changes => DeviceChanges + NeighboursWritten + NeighboursDeleted + RoutesWritten + RoutesDeleted;
}
