using System.Text;
using Calico.Api.Resources;
using Calico.Api.Values;
using Calico.Core;

namespace Calico.Bgp.Rendering;

/// <summary>
/// The filters and functions of one address family: what goes to BGP peers (this node's blocks, pools unless
/// disableBGPExport, service addresses), what comes from them, and what BIRD may program into the kernel.
/// </summary>
internal sealed class FilterWriter(StringBuilder text, FamilyNames names)
{
    /// <summary>Export each affine block as one route and nothing more specific inside it (bird_aggr.cfg).</summary>
    public void WriteAggregation(IReadOnlyList<Cidr> blocks)
    {
        text.Append("# Aggregation of routes on this host: export the block, nothing beneath it.\n");
        text.Append("function ").Append(names.AggregationFunction).Append(" ()\n{\n");
        foreach (var block in blocks)
        {
            text.Append("  # Block ").Append(block).Append(" is confirmed.\n");
            text.Append("  if ( net = ").Append(block).Append(" ) then { accept; }\n");
            text.Append("  if ( net ~ ").Append(block).Append(" ) then { reject; }\n");
        }

        text.Append("}\n\n");
    }

    public void WriteDisabledPools(IReadOnlyList<(Cidr Cidr, IPPool Pool)> pools)
    {
        text.Append("function ").Append(names.DisabledPoolsFunction).Append(" ()\n{\n");
        foreach (var (cidr, _) in pools.Where(p => p.Pool.Spec.DisableBgpExport == true))
        {
            text.Append("  if ( net ~ ").Append(cidr).Append(" ) then { reject; }\n");
        }

        text.Append("}\n\n");
    }

    /// <summary>
    /// The export function every BGP session calls (with <c>true</c> for iBGP peers). Like all BIRD filter code it
    /// ends at the first accept or reject, so the order is: disabled pools, tunnel routes (iBGP only), blocks, then
    /// service addresses and pools; a route none of these match falls through to the caller's reject.
    /// </summary>
    public void WriteExport(IReadOnlyList<(Cidr Cidr, IPPool Pool)> pools, IReadOnlyList<Cidr> services)
    {
        text.Append("function ").Append(names.ExportFunction).Append(" (bool internal_peer)\n{\n");
        text.Append("  ").Append(names.DisabledPoolsFunction).Append("();\n");
        text.Append("  if ( internal_peer ) then { reject_tunnel_routes(); }\n");
        text.Append("  ").Append(names.AggregationFunction).Append("();\n");
        foreach (var service in services)
        {
            text.Append("  if ( net ~ ").Append(service).Append(" ) then { accept; }  # Service addresses\n");
        }

        foreach (var (cidr, pool) in pools)
        {
            if (pool.Spec.DisableBgpExport == true)
            {
                text.Append("  # Skip ").Append(cidr).Append(" as BGP export is disabled for it\n");
            }
            else
            {
                text.Append("  if ( net ~ ").Append(cidr).Append(" ) then { accept; }\n");
            }
        }

        text.Append("}\n\n");
    }

    /// <summary>Everything from peers except a default route: the underlay provides that.</summary>
    public void WriteImport()
    {
        text.Append("filter ").Append(names.ImportFilter).Append("\n{\n");
        text.Append("  if ( net = ").Append(names.DefaultRoute).Append(" ) then { reject; }\n");
        text.Append("  accept;\n}\n\n");
    }

    /// <summary>
    /// What the kernel protocol may program: not service addresses (advertised only), not directly connected routes
    /// (the kernel's own; BIRD 1 never exported device routes to the kernel, BIRD 2 would), not VXLAN pool routes
    /// (Felix programs those); every other route, pool routes included (BGP-learned blocks of other nodes).
    /// </summary>
    public void WriteKernelProgramming(IReadOnlyList<(Cidr Cidr, IPPool Pool)> pools, IReadOnlyList<Cidr> services)
    {
        text.Append("filter ").Append(names.KernelFilter).Append("\n{\n");
        foreach (var service in services)
        {
            text.Append("  if ( net ~ ").Append(service).Append(" ) then { reject; }  # Service addresses: advertised, not programmed\n");
        }

        text.Append("  if ( source = RTS_DEVICE ) then { reject; }  # Connected routes are the kernel's own\n");
        foreach (var (cidr, pool) in pools)
        {
            text.Append("  if ( net ~ ").Append(cidr).Append(" ) then {\n");
            if (pool.Spec.VxlanMode is EncapMode.Always or EncapMode.CrossSubnet)
            {
                text.Append("    # Don't program VXLAN routes into the kernel - these are handled by Felix.\n    reject;\n  }\n");
            }
            else if (pool.Spec.IpipMode is EncapMode.Always or EncapMode.CrossSubnet)
            {
                text.Append("    # IPIP pool: BIRD 2 cannot set a tunnel (krt_tunnel is Calico's BIRD 1 fork), so the route goes via the peer.\n    accept;\n  }\n");
            }
            else
            {
                text.Append("    accept;\n  }\n");
            }
        }

        text.Append("  accept;\n}\n\n");
    }
}
