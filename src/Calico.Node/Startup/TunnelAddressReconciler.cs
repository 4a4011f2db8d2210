using System.Net;
using System.Security.Cryptography;
using Calico.Api.Resources;
using Calico.Api.Values;
using Calico.Core;
using Calico.Ipam;
using Calico.Netlink;
using Calico.Selectors;
using Microsoft.Extensions.Logging;

namespace Calico.Node.Startup;

/// <summary>
/// Gives this node its VXLAN tunnel address as Calico's allocateip does: while an enabled IPv4 pool with vxlanMode
/// Always or CrossSubnet allows Tunnel use and selects the node, the Node's <c>spec.ipv4VXLANTunnelAddr</c> holds one
/// address from such a pool, recorded in IPAM against the handle <c>vxlan-tunnel-addr-NODE</c> (attributes node and
/// type=vxlanTunnelAddress). A still-valid address is kept; an invalid one is released and replaced; with no such pool
/// the handle is released and the field cleared. The VTEP MAC (<c>spec.vxlanTunnelMACAddr</c>) is generated once,
/// when the node first has a tunnel address, and kept from then on.
/// </summary>
internal sealed partial class TunnelAddressReconciler(IIpamClient ipam, ILogger logger)
{
    /// <summary>The IPAM attribute type of a VXLAN tunnel address.</summary>
    public const string VxlanAttributeType = "vxlanTunnelAddress";

    /// <summary>The IPAM handle of <paramref name="node"/>'s VXLAN tunnel address.</summary>
    public static string HandleFor(string node) => $"vxlan-tunnel-addr-{node}";

    /// <summary>The pools a tunnel address for <paramref name="node"/> may come from, in the listing's order.</summary>
    public static IReadOnlyList<IPPool> TunnelPools(Api.Resources.Node node, IReadOnlyList<IPPool> pools)
    {
        var labels = node.Metadata.Labels ?? new SortedDictionary<string, string>(StringComparer.Ordinal);
        return
        [
            .. pools.Where(p => p.Spec.Disabled != true
                && p.Metadata.DeletionTimestamp is null
                && p.Spec.VxlanMode is EncapMode.Always or EncapMode.CrossSubnet
                && Cidr.TryParseLenient(p.Spec.Cidr, out var cidr) && cidr.IsIPv4
                && (p.Spec.AllowedUses is not { Count: > 0 } uses || uses.Contains(IPPoolAllowedUse.Tunnel))
                && Selector.TryParse(p.Spec.NodeSelector ?? string.Empty, out var selector, out _)
                && selector.Matches(labels)),
        ];
    }

    /// <summary>Brings <paramref name="node"/>'s tunnel fields (and IPAM) in line with <paramref name="pools"/>.</summary>
    /// <returns>True when the node's fields changed (the caller writes the Node).</returns>
    public async ValueTask<bool> ReconcileAsync(Api.Resources.Node node, IReadOnlyList<IPPool> pools, CancellationToken ct)
    {
        var name = node.Name;
        var handle = HandleFor(name);
        var current = node.Spec.Ipv4VxlanTunnelAddr;
        var usable = TunnelPools(node, pools);
        var changed = false;
        if (usable.Count == 0)
        {
            // Releasing an unknown handle releases nothing, so this also cleans up after a crash between IPAM and the Node write.
            var released = await ipam.ReleaseByHandleAsync(handle, ct).ConfigureAwait(false);
            if (current is not null || released.Count > 0)
            {
                LogTunnelAddressReleased(logger, name, current ?? string.Join(", ", released), "no enabled VXLAN IPv4 pool allowing tunnel addresses selects this node");
                node.Spec.Ipv4VxlanTunnelAddr = null;
                changed = current is not null;
            }
        }
        else
        {
            var why = current is null ? null : await InvalidBecauseAsync(current, handle, usable, ct).ConfigureAwait(false);
            if (current is null || why is not null)
            {
                await ipam.ReleaseByHandleAsync(handle, ct).ConfigureAwait(false);
                if (current is not null)
                {
                    LogTunnelAddressReleased(logger, name, current, why!);
                }

                var result = await ipam.AutoAssignAsync(new AutoAssignRequest
                {
                    HandleId = handle,
                    Node = name,
                    Num4 = 1,
                    Use = IPPoolAllowedUse.Tunnel,
                    IPv4Pools = [.. usable.Select(p => p.Name)],
                    Attributes = new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        [IpamAttributeNames.Node] = name,
                        [IpamAttributeNames.Type] = VxlanAttributeType,
                    },
                }, ct).ConfigureAwait(false);
                var assigned = result.IPv4[0].Address.ToString();
                node.Spec.Ipv4VxlanTunnelAddr = assigned;
                LogTunnelAddressAssigned(logger, name, assigned, handle);
                changed = true;
            }
        }

        if (node.Spec.Ipv4VxlanTunnelAddr is not null && string.IsNullOrEmpty(node.Spec.VxlanTunnelMacAddr))
        {
            node.Spec.VxlanTunnelMacAddr = NewMac().ToString();
            LogMacGenerated(logger, name, node.Spec.VxlanTunnelMacAddr);
            changed = true;
        }

        return changed;
    }

    /// <summary>A random locally administered unicast MAC (first octet: bit 1 set, bit 0 clear).</summary>
    public static MacAddress NewMac()
    {
        Span<byte> bytes = stackalloc byte[MacAddress.Length];
        RandomNumberGenerator.Fill(bytes);
        bytes[0] = (byte)((bytes[0] | 0x02) & 0xfe);
        return MacAddress.FromBytes(bytes);
    }

    /// <summary>Null when <paramref name="address"/> is allocated to <paramref name="handle"/> inside one of the pools; else why not.</summary>
    private async ValueTask<string?> InvalidBecauseAsync(string address, string handle, IReadOnlyList<IPPool> usable, CancellationToken ct)
    {
        if (!IPAddress.TryParse(address, out var ip))
        {
            return $"\"{address}\" is not an IP address";
        }

        var allocation = await ipam.GetAllocationAsync(ip, ct).ConfigureAwait(false);
        if (allocation is null)
        {
            return "it is not allocated in IPAM";
        }

        if (!string.Equals(allocation.HandleId, handle, StringComparison.Ordinal))
        {
            return $"IPAM has it under handle \"{allocation.HandleId}\", not \"{handle}\"";
        }

        return usable.Any(p => Cidr.TryParseLenient(p.Spec.Cidr, out var cidr) && cidr.Contains(ip))
            ? null
            : "it is in no enabled VXLAN pool that selects this node";
    }

    [LoggerMessage(EventId = 310, Level = LogLevel.Information, Message = "Node {Node}: VXLAN tunnel address {Address} assigned (IPAM handle {Handle})")]
    private static partial void LogTunnelAddressAssigned(ILogger logger, string node, string address, string handle);

    [LoggerMessage(EventId = 311, Level = LogLevel.Information, Message = "Node {Node}: VXLAN tunnel address {Address} released: {Reason}")]
    private static partial void LogTunnelAddressReleased(ILogger logger, string node, string address, string reason);

    [LoggerMessage(EventId = 312, Level = LogLevel.Information, Message = "Node {Node}: VXLAN tunnel MAC {Mac} generated")]
    private static partial void LogMacGenerated(ILogger logger, string node, string mac);
}
