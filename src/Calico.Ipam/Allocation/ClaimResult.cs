namespace Calico.Ipam.Allocation;

/// <summary>How an attempt to hold a block through an affinity ended.</summary>
internal enum ClaimResult
{
    /// <summary>The block exists, is affine to the node and the affinity is confirmed.</summary>
    Ready,

    /// <summary>The block belongs to another node (or none); the node's stale affinity was deleted.</summary>
    Lost,

    /// <summary>Another writer changed something in between; re-read and try again.</summary>
    Raced,
}
