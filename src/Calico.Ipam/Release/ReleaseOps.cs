using Calico.Datastore;
using Calico.Ipam.Blocks;

namespace Calico.Ipam.Release;

/// <summary>How a block is written back after a release.</summary>
internal static class ReleaseOps
{
    /// <summary>
    /// An empty block with no affinity is deleted (as Calico does: nobody would use it again); any other block is
    /// updated, conditional on the revision read.
    /// </summary>
    public static TransactionOp BlockWrite(AllocationBlock block) =>
        block.IsEmpty && block.Affinity is null ? block.DeleteOp() : block.UpdateOp();
}
