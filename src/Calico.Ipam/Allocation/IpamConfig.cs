using Calico.Api.Resources;
using Calico.Ipam.Store;

namespace Calico.Ipam.Allocation;

/// <summary>IPAMConfiguration "default" with Calico's defaults (no strict affinity, no block limit, auto-allocate).</summary>
internal sealed record IpamConfig(bool StrictAffinity, int MaxBlocksPerHost, bool AutoAllocateBlocks)
{
    public static IpamConfig Default { get; } = new(false, 0, true);

    public static IpamConfig From(Stored<IPAMConfiguration>? stored) => stored is null
        ? Default
        : new IpamConfig(
            stored.Resource.Spec.StrictAffinity ?? false,
            Math.Max(0, stored.Resource.Spec.MaxBlocksPerHost ?? 0),
            stored.Resource.Spec.AutoAllocateBlocks ?? true);
}
