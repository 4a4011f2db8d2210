using System.Net;
using Calico.Api.Resources;
using Calico.Core;
using Calico.Ipam.Blocks;
using Calico.Ipam.Pools;
using Calico.Ipam.Store;

namespace Calico.Ipam.Check;

/// <summary>
/// Cross-checks blocks, affinities and handles with each other and with the WorkloadEndpoints and Nodes that use
/// addresses, as <c>calicoctl ipam check</c> does, and records what a safe repair needs (revisions, sequence numbers).
/// </summary>
internal sealed class IpamChecker(IpamDependencies deps)
{
    public async ValueTask<IpamCheckReport> CheckAsync(CancellationToken ct)
    {
        var store = deps.Store;
        var revision = await store.GetRevisionAsync(ct).ConfigureAwait(false);
        var blocks = (await store.ListBlocksAsync(ct).ConfigureAwait(false)).Select(AllocationBlock.FromStored).ToList();
        var affinities = await store.ListAffinitiesAsync(ct).ConfigureAwait(false);
        var handles = await store.ListHandlesAsync(ct).ConfigureAwait(false);
        var pools = (await store.ListPoolsAsync(ct).ConfigureAwait(false)).Select(p => PoolInfo.From(p.Resource)).OfType<PoolInfo>().ToList();
        var owners = OwnerIndex.Build(
            await store.ListEndpointsAsync(ct).ConfigureAwait(false),
            await store.ListNodesAsync(ct).ConfigureAwait(false));

        var findings = new List<IpamFinding>();
        var allocations = CollectAllocations(blocks);
        CheckAllocations(allocations, owners, findings);
        CheckOwners(allocations, owners, pools, findings);
        CheckHandles(allocations, handles, findings);
        CheckAffinities(blocks, affinities, findings);

        return new IpamCheckReport
        {
            Producer = deps.Options.ReportProducer,
            GeneratedAt = deps.Time.GetUtcNow(),
            DatastoreRevision = revision,
            Counts = new IpamCheckCounts
            {
                Blocks = blocks.Count,
                Allocations = allocations.Sum(a => a.Value.Count),
                ActivePools = pools.Count(p => !p.Disabled),
                Handles = handles.Count,
                Affinities = affinities.Count,
                WorkloadAddresses = owners.WorkloadAddresses,
                NodeAddresses = owners.NodeAddresses,
                InUseAddresses = owners.Count,
            },
            Findings = findings
                .OrderBy(f => f.Kind)
                .ThenBy(f => f.Address is { } a && IPAddress.TryParse(a, out var ip) ? ip.ToUInt128() : UInt128.Zero)
                .ThenBy(f => f.Resource ?? f.HandleId ?? string.Empty, StringComparer.Ordinal)
                .ToList(),
        };
    }

    private static Dictionary<IPAddress, List<BlockAllocation>> CollectAllocations(List<AllocationBlock> blocks)
    {
        var result = new Dictionary<IPAddress, List<BlockAllocation>>();
        foreach (var block in blocks)
        {
            foreach (var ordinal in block.AllocatedOrdinals())
            {
                var address = block.AddressAt(ordinal);
                if (!result.TryGetValue(address, out var list))
                {
                    result[address] = list = [];
                }

                list.Add(new BlockAllocation(address, block, ordinal));
            }
        }

        return result;
    }

    private static void CheckAllocations(Dictionary<IPAddress, List<BlockAllocation>> allocations, OwnerIndex owners, List<IpamFinding> findings)
    {
        foreach (var (address, list) in allocations)
        {
            if (list.Count > 1)
            {
                findings.Add(new IpamFinding
                {
                    Kind = IpamFindingKind.DuplicateAllocation,
                    Address = address.ToString(),
                    Message = $"{address} is allocated in {list.Count} blocks ({string.Join(", ", list.Select(a => $"{a.Block.Cidr} to handle {a.Handle ?? "<none>"}"))})",
                });
            }

            var users = owners.OwnersOf(address);
            foreach (var allocation in list)
            {
                var handle = allocation.Handle;
                var expected = HandleOwner.Parse(handle);
                if (users.Count == 0)
                {
                    var why = expected.ContainerId is { } cid && !owners.HasContainer(cid)
                        ? $"no WorkloadEndpoint has containerID {cid}"
                        : $"neither {expected.Expected} nor anything else uses it";
                    findings.Add(allocation.Finding(IpamFindingKind.LeakedAllocation, $"{address} in block {allocation.Block.Cidr} is allocated to handle {handle ?? "<none>"}{allocation.Describe()} but is not in use: {why}"));
                }
                else if (expected.IsKnown && !users.Any(expected.Matches))
                {
                    findings.Add(allocation.Finding(IpamFindingKind.AllocationOwnerMismatch,
                        $"{address} is allocated to handle {handle} (expects {expected.Expected}) but is used by {string.Join(", ", users.Select(u => u.Description))}") with { Owners = users.Select(u => u.Description).ToList() });
                }
            }
        }
    }

    private static void CheckOwners(Dictionary<IPAddress, List<BlockAllocation>> allocations, OwnerIndex owners, List<PoolInfo> pools, List<IpamFinding> findings)
    {
        foreach (var (address, users) in owners.All)
        {
            var names = users.Select(u => u.Description).Distinct(StringComparer.Ordinal).ToList();
            if (names.Count > 1)
            {
                findings.Add(new IpamFinding
                {
                    Kind = IpamFindingKind.AddressWithMultipleOwners,
                    Address = address.ToString(),
                    Owners = names,
                    Message = $"{address} is used by {names.Count} resources: {string.Join(", ", names)}",
                });
            }

            if (!allocations.ContainsKey(address) && pools.FirstOrDefault(p => p.Cidr.Contains(address)) is { } pool)
            {
                findings.Add(new IpamFinding
                {
                    Kind = IpamFindingKind.EndpointAddressNotAllocated,
                    Address = address.ToString(),
                    Owners = names,
                    Message = $"{address} is used by {string.Join(", ", names)} and lies in {pool.Describe()}, but IPAM has not allocated it (it may be given out again)",
                });
            }
        }
    }

    private static void CheckHandles(Dictionary<IPAddress, List<BlockAllocation>> allocations, IReadOnlyList<Stored<IPAMHandle>> handles, List<IpamFinding> findings)
    {
        var actual = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var allocation in allocations.Values.SelectMany(l => l))
        {
            if (allocation.Handle is not { } handle)
            {
                continue;
            }

            if (!actual.TryGetValue(handle, out var perBlock))
            {
                actual[handle] = perBlock = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            var key = allocation.Block.Cidr.ToString();
            perBlock[key] = perBlock.GetValueOrDefault(key) + 1;
        }

        var existing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stored in handles)
        {
            var id = stored.Resource.Spec.HandleId ?? stored.Resource.Name;
            existing.Add(id);
            if (!actual.TryGetValue(id, out var perBlock))
            {
                findings.Add(new IpamFinding
                {
                    Kind = IpamFindingKind.HandleWithoutAllocation,
                    HandleId = id,
                    Resource = stored.Resource.Name,
                    Revision = stored.Revision,
                    Message = $"handle {id} holds no address in any block",
                });
                continue;
            }

            var recorded = (stored.Resource.Spec.Block ?? new SortedDictionary<string, int>()).Where(b => b.Value > 0).ToDictionary(b => NormaliseBlockKey(b.Key), b => b.Value, StringComparer.Ordinal);
            if (recorded.Count != perBlock.Count || recorded.Any(r => perBlock.GetValueOrDefault(r.Key) != r.Value))
            {
                findings.Add(new IpamFinding
                {
                    Kind = IpamFindingKind.HandleCountMismatch,
                    HandleId = id,
                    Resource = stored.Resource.Name,
                    Revision = stored.Revision,
                    Message = $"handle {id} records {Describe(recorded)} but the blocks hold {Describe(perBlock)}",
                });
            }
        }

        foreach (var (handle, perBlock) in actual)
        {
            if (!existing.Contains(handle))
            {
                findings.Add(new IpamFinding
                {
                    Kind = IpamFindingKind.AllocationWithoutHandle,
                    HandleId = handle,
                    Message = $"handle {handle} holds {Describe(perBlock)} but has no IPAMHandle",
                });
            }
        }
    }

    private static void CheckAffinities(List<AllocationBlock> blocks, IReadOnlyList<Stored<BlockAffinity>> affinities, List<IpamFinding> findings)
    {
        var blocksByCidr = blocks.GroupBy(b => b.Cidr).ToDictionary(g => g.Key, g => g.First());
        var records = new HashSet<(string Node, Cidr Cidr)>();
        foreach (var stored in affinities)
        {
            if (AffinityRecord.From(stored) is not { } affinity)
            {
                continue;
            }

            records.Add((affinity.Node, affinity.Cidr));
            var block = blocksByCidr.GetValueOrDefault(affinity.Cidr);
            if (block is null || !block.IsAffineTo(affinity.Node))
            {
                var why = block is null ? "the block does not exist" : $"the block is affine to {block.Affinity ?? "no node"}";
                findings.Add(new IpamFinding
                {
                    Kind = IpamFindingKind.AffinityWithoutBlock,
                    Node = affinity.Node,
                    Block = affinity.Cidr.ToString(),
                    Resource = affinity.Name,
                    Revision = affinity.Revision,
                    Message = $"BlockAffinity {affinity.Name} ({affinity.State}) of node \"{affinity.Node}\" to {affinity.Cidr}: {why}",
                });
            }
        }

        foreach (var block in blocks)
        {
            if (block.AffinityNode is { } node && !records.Contains((node, block.Cidr)))
            {
                findings.Add(new IpamFinding
                {
                    Kind = IpamFindingKind.BlockWithoutAffinity,
                    Node = node,
                    Block = block.Cidr.ToString(),
                    Resource = IpamNames.AffinityName(node, block.Cidr),
                    Revision = block.Revision,
                    Message = $"block {block.Cidr} is affine to node \"{node}\" but there is no BlockAffinity {IpamNames.AffinityName(node, block.Cidr)}",
                });
            }
        }
    }

    private static string NormaliseBlockKey(string key) => AddressExtensions.ParseStoredCidr(key)?.ToString() ?? key;

    private static string Describe(IReadOnlyDictionary<string, int> perBlock) =>
        perBlock.Count == 0 ? "nothing" : string.Join(", ", perBlock.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Value} in {p.Key}"));
}
