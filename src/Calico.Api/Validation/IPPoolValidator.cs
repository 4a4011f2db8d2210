using System.Net.Sockets;
using Calico.Api.Resources;
using Calico.Api.Values;
using Calico.Core;

namespace Calico.Api.Validation;

/// <summary>Calico's IPPool checks (one pool on its own; overlaps with other pools need the datastore and are checked on write).</summary>
public static class IPPoolValidator
{
    private static readonly Cidr LinkLocalV4 = Cidr.Parse("169.254.0.0/16");
    private static readonly Cidr LinkLocalV6 = Cidr.Parse("fe80::/10");

    public static void Check(ValidationErrors errors, IPPool pool)
    {
        if (NameRules.CheckSubdomain(pool.Name) is { } nameProblem)
        {
            errors.Add("metadata.name", nameProblem);
        }

        var s = pool.Spec;
        if (!Cidr.TryParse(s.Cidr, out var cidr, out var cidrError))
        {
            errors.Add("spec.cidr", cidrError);
            return;
        }

        var isV4 = cidr.Family == AddressFamily.InterNetwork;
        if (cidr.Overlaps(isV4 ? LinkLocalV4 : LinkLocalV6))
        {
            errors.Add("spec.cidr", $"{cidr} overlaps the link-local range {(isV4 ? LinkLocalV4 : LinkLocalV6)}, which pools cannot use");
        }

        if (s.BlockSize is { } blockSize)
        {
            var (min, max) = isV4 ? (20, 32) : (116, 128);
            if (blockSize < min || blockSize > max)
            {
                errors.Add("spec.blockSize", $"{blockSize} is out of range for an IPv{(isV4 ? 4 : 6)} pool ({min} to {max})");
            }
            else if (cidr.PrefixLength > blockSize && s.Disabled != true)
            {
                errors.Add("spec.blockSize", $"the pool {cidr} is smaller than one block of /{blockSize}; use a pool of /{blockSize} or larger, or a larger blockSize");
            }
        }

        var vxlan = s.VxlanMode ?? EncapMode.Never;
        var ipip = s.IpipMode ?? EncapMode.Never;
        if (vxlan != EncapMode.Never && ipip != EncapMode.Never)
        {
            errors.Add("spec.vxlanMode", $"vxlanMode {vxlan} and ipipMode {ipip} cannot both be enabled; set one of them to Never");
        }

        if (!isV4 && ipip != EncapMode.Never)
        {
            errors.Add("spec.ipipMode", "IPIP is not supported on IPv6 pools; use vxlanMode or Never");
        }

        SelectorRules.Check(errors, "spec.nodeSelector", s.NodeSelector, allowGlobal: false);
        SelectorRules.Check(errors, "spec.namespaceSelector", s.NamespaceSelector, allowGlobal: false);

        if (s.AllowedUses is { } uses)
        {
            if (uses.Distinct().Count() != uses.Count)
            {
                errors.Add("spec.allowedUses", "lists a use twice");
            }

            if (uses.Contains(IPPoolAllowedUse.LoadBalancer))
            {
                if (uses.Count > 1)
                {
                    errors.Add("spec.allowedUses", "LoadBalancer cannot be combined with Workload or Tunnel");
                }

                if (vxlan != EncapMode.Never || ipip != EncapMode.Never)
                {
                    errors.Add("spec.allowedUses", "LoadBalancer pools cannot use VXLAN or IPIP");
                }

                if (s.NodeSelector is not null && !string.Equals(s.NodeSelector.Trim(), "all()", StringComparison.Ordinal))
                {
                    errors.Add("spec.nodeSelector", "must be all() for a LoadBalancer pool");
                }

                if (s.DisableBgpExport == true)
                {
                    errors.Add("spec.disableBGPExport", "cannot be set on a LoadBalancer pool");
                }
            }
        }
    }
}
