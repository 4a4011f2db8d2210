using System.Net;
using Calico.Ipam.Blocks;
using Calico.Ipam.Release;
using Calico.Ipam.Store;

namespace Calico.Ipam.Check;

/// <summary>
/// Acts on a check report's releasable findings, re-checking each against the current state first and making every
/// write conditional on what it checked: a leaked address is released only if nobody uses it now and its allocation
/// still has the reported handle and sequence number; a handle or affinity is deleted only at the reported revision.
/// </summary>
internal sealed class ReportRepairer(IpamDependencies deps, AddressReleaser addresses)
{
    public async ValueTask<ReportReleaseResult> RepairAsync(IpamCheckReport report, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        var store = deps.Store;
        var owners = OwnerIndex.Build(
            await store.ListEndpointsAsync(ct).ConfigureAwait(false),
            await store.ListNodesAsync(ct).ConfigureAwait(false));
        var released = new List<IpamFinding>();
        var skipped = new List<SkippedFinding>();
        foreach (var finding in report.Findings)
        {
            var reason = finding.Kind switch
            {
                IpamFindingKind.LeakedAllocation => await ReleaseLeakAsync(finding, owners, ct).ConfigureAwait(false),
                IpamFindingKind.HandleWithoutAllocation => await DeleteHandleAsync(finding, ct).ConfigureAwait(false),
                IpamFindingKind.AffinityWithoutBlock => await DeleteAffinityAsync(finding, ct).ConfigureAwait(false),
                IpamFindingKind.BlockWithoutAffinity => await RestoreAffinityAsync(finding, ct).ConfigureAwait(false),
                _ => $"{finding.Kind} is not repaired automatically; it needs a person to decide",
            };
            if (reason is null)
            {
                released.Add(finding);
            }
            else
            {
                skipped.Add(new SkippedFinding(finding, reason));
            }
        }

        return new ReportReleaseResult(released, skipped);
    }

    private async ValueTask<string?> ReleaseLeakAsync(IpamFinding finding, OwnerIndex owners, CancellationToken ct)
    {
        if (!IPAddress.TryParse(finding.Address, out var address))
        {
            return $"the report's address \"{finding.Address}\" is not an IP address";
        }

        if (owners.OwnersOf(address) is { Count: > 0 } users)
        {
            return $"{address} is in use now by {string.Join(", ", users.Select(u => u.Description))}";
        }

        if (finding.SequenceNumber is null)
        {
            return "the report has no sequence number for this allocation; run the check again";
        }

        var result = await addresses.ReleaseAsync([new IpReleaseRequest(address, finding.HandleId, finding.SequenceNumber)], ct).ConfigureAwait(false);
        return result.Released.Count > 0 ? null
            : result.Mismatched.Count > 0 ? $"{address} was released and allocated again since the report"
            : $"{address} is no longer allocated";
    }

    private async ValueTask<string?> DeleteHandleAsync(IpamFinding finding, CancellationToken ct)
    {
        var store = deps.Store;
        if (finding.Resource is not { } name || finding.Revision is not { } revision)
        {
            return "the report does not name the handle's revision; run the check again";
        }

        if (await store.GetHandleAsync(name, ct).ConfigureAwait(false) is not { } stored)
        {
            return $"handle {name} no longer exists";
        }

        if (stored.Revision != revision)
        {
            return $"handle {name} changed since the report";
        }

        var id = stored.Resource.Spec.HandleId ?? name;
        var blocks = (await store.ListBlocksAsync(ct).ConfigureAwait(false)).Select(AllocationBlock.FromStored);
        if (blocks.Any(b => b.OrdinalsOf(id).Count > 0))
        {
            return $"handle {name} holds addresses now";
        }

        var deleted = await store.TryCommitAsync([IpamStore.Delete(IpamNames.HandleKey(name), revision)], ct).ConfigureAwait(false);
        return deleted.Committed ? null : $"handle {name} changed since the report";
    }

    private async ValueTask<string?> DeleteAffinityAsync(IpamFinding finding, CancellationToken ct)
    {
        var store = deps.Store;
        if (finding.Resource is not { } name || finding.Revision is not { } revision)
        {
            return "the report does not name the affinity's revision; run the check again";
        }

        if (await store.GetAffinityAsync(name, ct).ConfigureAwait(false) is not { } stored || AffinityRecord.From(stored) is not { } affinity)
        {
            return $"BlockAffinity {name} no longer exists";
        }

        if (affinity.Revision != revision)
        {
            return $"BlockAffinity {name} changed since the report";
        }

        if (await store.GetBlockAsync(affinity.Cidr, ct).ConfigureAwait(false) is { } block && AllocationBlock.FromStored(block).IsAffineTo(affinity.Node))
        {
            return $"block {affinity.Cidr} exists now and is affine to node \"{affinity.Node}\"";
        }

        // A claim that creates the block must also confirm this affinity at this revision, so the two cannot both succeed.
        var deleted = await store.TryCommitAsync([affinity.DeleteOp()], ct).ConfigureAwait(false);
        return deleted.Committed ? null : $"BlockAffinity {name} changed since the report";
    }

    private async ValueTask<string?> RestoreAffinityAsync(IpamFinding finding, CancellationToken ct)
    {
        var store = deps.Store;
        if (finding.Node is not { } node || AddressExtensions.ParseStoredCidr(finding.Block) is not { } cidr)
        {
            return "the report does not name the block and node";
        }

        if (await store.GetBlockAsync(cidr, ct).ConfigureAwait(false) is not { } stored || !AllocationBlock.FromStored(stored).IsAffineTo(node))
        {
            return $"block {cidr} is no longer affine to node \"{node}\"";
        }

        var affinity = AffinityRecord.Build(node, cidr, IpamNames.StateConfirmed);
        var created = await store.TryCommitAsync([IpamStore.Create(affinity)], ct).ConfigureAwait(false);
        return created.Committed ? null : $"BlockAffinity {affinity.Name} exists now";
    }
}
