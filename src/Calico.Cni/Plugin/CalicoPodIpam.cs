using System.Net;
using Calico.Cni.Protocol;
using Calico.Cni.Workloads;
using Calico.Ipam;

namespace Calico.Cni.Plugin;

/// <summary>calico-ipam in-process: blocks affine to the node, handle &lt;network&gt;.&lt;container&gt;.</summary>
public sealed class CalicoPodIpam(IIpamClient ipam, IpamConf? config) : IPodIpam
{
    public async ValueTask<IReadOnlyList<IPAddress>> AssignAsync(WorkloadIdentity workload, CancellationToken ct)
    {
        var wantV4 = !string.Equals(config?.AssignIpv4, "false", StringComparison.OrdinalIgnoreCase);
        var wantV6 = string.Equals(config?.AssignIpv6, "true", StringComparison.OrdinalIgnoreCase);
        if (!wantV4 && !wantV6)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, "ipam: assign_ipv4 and assign_ipv6 are both false; the pod would get no address");
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal) { [IpamAttributeNames.Node] = workload.Node };
        if (workload.IsKubernetes)
        {
            attributes[IpamAttributeNames.Namespace] = workload.Namespace;
            attributes[IpamAttributeNames.Pod] = workload.Pod;
        }

        try
        {
            var result = await ipam.AutoAssignAsync(new AutoAssignRequest
            {
                HandleId = workload.HandleId,
                Node = workload.Node,
                Num4 = wantV4 ? 1 : 0,
                Num6 = wantV6 ? 1 : 0,
                Attributes = attributes,
                IPv4Pools = config?.Ipv4Pools,
                IPv6Pools = config?.Ipv6Pools,
            }, ct).ConfigureAwait(false);
            return [.. result.IPv4.Select(a => a.Address), .. result.IPv6.Select(a => a.Address)];
        }
        catch (IpamException e)
        {
            throw ToCni(e);
        }
    }

    public async ValueTask ReleaseAsync(WorkloadIdentity workload, CancellationToken ct)
    {
        try
        {
            await ipam.ReleaseByHandleAsync(workload.HandleId, ct).ConfigureAwait(false);
        }
        catch (IpamException e)
        {
            throw ToCni(e);
        }
    }

    public async ValueTask<bool> HoldsAsync(WorkloadIdentity workload, IReadOnlyList<IPAddress> addresses, CancellationToken ct)
    {
        foreach (var address in addresses)
        {
            var allocation = await ipam.GetAllocationAsync(address, ct).ConfigureAwait(false);
            if (allocation is null || !string.Equals(allocation.HandleId, workload.HandleId, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public static CniException ToCni(IpamException e) => e.Kind switch
    {
        IpamErrorKind.NoMatchingPool or IpamErrorKind.PoolsExhausted or IpamErrorKind.BlockLimitReached
            or IpamErrorKind.AddressInUse or IpamErrorKind.AddressNotInPool => new CniException(CniErrorCode.NoAddressAvailable, e.Message, null, e),
        IpamErrorKind.DatastoreUnavailable => new CniException(CniErrorCode.DatastoreUnavailable, e.Message, null, e),
        IpamErrorKind.TooManyConflicts or IpamErrorKind.DatastoreNotReady => new CniException(CniErrorCode.TryAgainLater, e.Message, null, e),
        IpamErrorKind.InvalidRequest => new CniException(CniErrorCode.InvalidNetworkConfig, e.Message, null, e),
        _ => new CniException(CniErrorCode.IoFailure, e.Message, null, e),
    };
}
