using System.Net;
using System.Net.Sockets;
using Calico.Core;
using Calico.Datastore;
using Calico.Ipam.Allocation;
using Calico.Ipam.Blocks;
using Calico.Ipam.Check;
using Calico.Ipam.Pools;
using Calico.Ipam.Release;
using Calico.Ipam.Store;
using Calico.Ipam.Usage;

namespace Calico.Ipam;

/// <summary>
/// The <see cref="IIpamClient"/> implementation: validates requests, loads what they depend on (node labels, pools,
/// IPAMConfiguration) and hands them to the step that does the work.
/// <code>
///  AutoAssignAsync ─▶ PoolResolver ─▶ AutoAssigner ─▶ BlockClaimer (affinity pending → block + confirmed)
///                                          └────────▶ BlockAllocator (block + handle, one transaction)
///  AssignIpAsync ──▶ SpecificAssigner ─▶ BlockClaimer
///  ReleaseByHandleAsync ─▶ HandleReleaser     ReleaseIpsAsync ─▶ AddressReleaser
///  CheckAsync ─▶ IpamChecker                  ReleaseFromReportAsync ─▶ ReportRepairer ─▶ AddressReleaser
/// </code>
/// </summary>
internal sealed class IpamClient : IIpamClient
{
    private readonly IpamDependencies _deps;
    private readonly AutoAssigner _autoAssigner;
    private readonly SpecificAssigner _specificAssigner;
    private readonly HandleReleaser _handleReleaser;
    private readonly AddressReleaser _addressReleaser;
    private readonly AffinityReleaser _affinityReleaser;
    private readonly IpamChecker _checker;
    private readonly ReportRepairer _repairer;
    private readonly UsageCalculator _usage;

    public IpamClient(IDatastore datastore, TimeProvider timeProvider, IpamClientOptions options)
    {
        _deps = new IpamDependencies(new IpamStore(datastore), timeProvider, options);
        var claimer = new BlockClaimer(_deps);
        _autoAssigner = new AutoAssigner(_deps, new BlockAllocator(_deps), claimer);
        _specificAssigner = new SpecificAssigner(_deps, claimer);
        _handleReleaser = new HandleReleaser(_deps);
        _addressReleaser = new AddressReleaser(_deps);
        _affinityReleaser = new AffinityReleaser(_deps);
        _checker = new IpamChecker(_deps);
        _repairer = new ReportRepairer(_deps, _addressReleaser);
        _usage = new UsageCalculator(_deps);
    }

    public async ValueTask<AutoAssignResult> AutoAssignAsync(AutoAssignRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.HandleId, nameof(request));
        ArgumentException.ThrowIfNullOrEmpty(request.Node, nameof(request));
        ArgumentOutOfRangeException.ThrowIfNegative(request.Num4, nameof(request));
        ArgumentOutOfRangeException.ThrowIfNegative(request.Num6, nameof(request));

        var store = _deps.Store;
        var owner = new AllocationOwner(request.HandleId, WithNode(request.Attributes, request.Node));
        var node = await store.GetNodeAsync(request.Node, ct).ConfigureAwait(false);
        await store.ThrowIfLockedAsync(ct).ConfigureAwait(false);
        var pools = await LoadPoolsAsync(ct).ConfigureAwait(false);
        var config = IpamConfig.From(await store.GetConfigurationAsync(ct).ConfigureAwait(false));
        var maxBlocks = request.MaxBlocksPerHost > 0 && config.MaxBlocksPerHost > 0
            ? Math.Min(request.MaxBlocksPerHost, config.MaxBlocksPerHost)
            : Math.Max(request.MaxBlocksPerHost, config.MaxBlocksPerHost);

        var v4 = new List<AssignedAddress>();
        var v6 = new List<AssignedAddress>();
        try
        {
            foreach (var (family, count, requested, sink) in new[]
            {
                (AddressFamily.InterNetwork, request.Num4, request.IPv4Pools, v4),
                (AddressFamily.InterNetworkV6, request.Num6, request.IPv6Pools, v6),
            })
            {
                if (count == 0)
                {
                    continue;
                }

                var usable = PoolResolver.Resolve(pools, family, request.Node, node?.Resource.Metadata.Labels, request.Use, requested);
                var plan = new AssignmentPlan(request.Node, family, owner, usable, config, maxBlocks);
                await _autoAssigner.AssignAsync(plan, count, sink, ct).ConfigureAwait(false);
                if (sink.Count < count)
                {
                    throw Exhausted(plan, sink.Count, count);
                }
            }
        }
        catch (Exception) when (v4.Count + v6.Count > 0)
        {
            await UndoAsync(request.HandleId, v4.Concat(v6)).ConfigureAwait(false);
            throw;
        }

        return new AutoAssignResult(v4, v6);
    }

    public async ValueTask<AssignedAddress> AssignIpAsync(AssignIpRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Address, nameof(request));
        ArgumentException.ThrowIfNullOrEmpty(request.HandleId, nameof(request));
        ArgumentException.ThrowIfNullOrEmpty(request.Node, nameof(request));
        await _deps.Store.ThrowIfLockedAsync(ct).ConfigureAwait(false);
        var owner = new AllocationOwner(request.HandleId, WithNode(request.Attributes, request.Node));
        var pools = await LoadPoolsAsync(ct).ConfigureAwait(false);
        var config = IpamConfig.From(await _deps.Store.GetConfigurationAsync(ct).ConfigureAwait(false));
        return await _specificAssigner.AssignAsync(request, owner, pools, config, ct).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<IPAddress>> ReleaseByHandleAsync(string handleId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(handleId);
        await _deps.Store.ThrowIfLockedAsync(ct).ConfigureAwait(false);
        return await _handleReleaser.ReleaseAsync(handleId, ct).ConfigureAwait(false);
    }

    public async ValueTask<IpReleaseResult> ReleaseIpsAsync(IReadOnlyList<IpReleaseRequest> requests, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        await _deps.Store.ThrowIfLockedAsync(ct).ConfigureAwait(false);
        return await _addressReleaser.ReleaseAsync(requests, ct).ConfigureAwait(false);
    }

    public async ValueTask<AllocationInfo?> GetAllocationAsync(IPAddress address, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        foreach (var stored in await _deps.Store.ListBlocksAsync(ct).ConfigureAwait(false))
        {
            if (AddressExtensions.ParseStoredCidr(stored.Resource.Spec.Cidr) is not { } cidr || !cidr.Contains(address))
            {
                continue;
            }

            var block = AllocationBlock.FromStored(stored);
            block.TryGetOrdinal(address, out var ordinal);
            if (block.IsAllocated(ordinal))
            {
                return new AllocationInfo
                {
                    Address = address,
                    HandleId = block.HandleAt(ordinal),
                    Attributes = block.AttributesAt(ordinal),
                    Block = cidr,
                    BlockNode = block.AffinityNode,
                    SequenceNumber = block.SequenceNumberAt(ordinal),
                };
            }
        }

        return null;
    }

    public ValueTask<IpamUsage> GetUsageAsync(CancellationToken ct = default) => _usage.CalculateAsync(ct);

    public ValueTask<IpamCheckReport> CheckAsync(CancellationToken ct = default) => _checker.CheckAsync(ct);

    public async ValueTask<ReportReleaseResult> ReleaseFromReportAsync(IpamCheckReport report, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        await _deps.Store.ThrowIfLockedAsync(ct).ConfigureAwait(false);
        return await _repairer.RepairAsync(report, ct).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<Cidr>> ReleaseAffinitiesAsync(string node, bool requireEmpty, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        await _deps.Store.ThrowIfLockedAsync(ct).ConfigureAwait(false);
        return await _affinityReleaser.ReleaseAsync(node, requireEmpty, ct).ConfigureAwait(false);
    }

    private async ValueTask<IReadOnlyList<PoolInfo>> LoadPoolsAsync(CancellationToken ct) =>
        (await _deps.Store.ListPoolsAsync(ct).ConfigureAwait(false)).Select(p => PoolInfo.From(p.Resource)).OfType<PoolInfo>().ToList();

    private static SortedDictionary<string, string> WithNode(IReadOnlyDictionary<string, string>? attributes, string node)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in attributes ?? new Dictionary<string, string>())
        {
            result[key] = value;
        }

        result.TryAdd(IpamAttributeNames.Node, node);
        return result;
    }

    /// <summary>Gives back what a failed request assigned; best effort (the datastore may be what failed), a leak the check finds.</summary>
    private async ValueTask UndoAsync(string handleId, IEnumerable<AssignedAddress> assigned)
    {
        try
        {
            await _addressReleaser.ReleaseAsync(assigned.Select(a => new IpReleaseRequest(a.Address, handleId)).ToList(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (IpamException)
        {
            // The original failure is what the caller needs to see.
        }
    }

    private static IpamException Exhausted(AssignmentPlan plan, int assigned, int wanted)
    {
        var pools = string.Join(", ", plan.Pools.Select(p => p.Describe()));
        var hint = plan.Config.StrictAffinity
            ? "; strictAffinity is on, so addresses in other nodes' blocks are not borrowed"
            : !plan.Config.AutoAllocateBlocks ? "; autoAllocateBlocks is off, so no new block is claimed" : string.Empty;
        return new IpamException(IpamErrorKind.PoolsExhausted,
            $"no free {plan.Version} addresses left for node \"{plan.Node}\" in {pools}: assigned {assigned} of {wanted}{hint}");
    }
}
