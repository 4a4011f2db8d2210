namespace Calico.Ipam;

/// <summary>Address usage, as <c>calicoctl ipam show</c> prints it.</summary>
/// <param name="Pools">Every pool, in name order, with its blocks.</param>
/// <param name="OrphanBlocks">Blocks that lie in no pool (their pool was deleted).</param>
public sealed record IpamUsage(IReadOnlyList<PoolUsage> Pools, IReadOnlyList<BlockUsage> OrphanBlocks);
