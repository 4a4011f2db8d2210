using Calico.Api;
using Calico.Api.Resources;
using Calico.Core;
using Calico.Ctl.Commands.Doctor.Lab;

namespace Calico.Ctl.Commands.Doctor.Checks;

/// <summary>
/// IP pools overlapping node or underlay addresses: every Node's spec.bgp.ipv4Address and its subnet, and in a lab
/// also the routes in each node's namespace (<c>ip -n NODE -j route</c>) that Calico did not program.
/// </summary>
internal sealed class PoolOverlapCheck : IDoctorCheck
{
    public string Name => "ip pools";

    public async ValueTask<DoctorCheckResult> RunAsync(DoctorInputs inputs, CancellationToken ct)
    {
        var pools = new List<(string Name, Cidr Cidr)>();
        var disabled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pool in await inputs.ListAsync<IPPool>(ResourceKinds.IPPool, ct).ConfigureAwait(false))
        {
            if (Cidr.TryParseLenient(pool.Spec.Cidr, out var cidr))
            {
                pools.Add((pool.Name, cidr));
                if (pool.Spec.Disabled == true)
                {
                    disabled.Add(pool.Name);
                }
            }
        }

        var underlay = new List<UnderlayNetwork>();
        foreach (var node in await inputs.ListAsync<Node>(ResourceKinds.Node, ct).ConfigureAwait(false))
        {
            underlay.AddRange(PoolOverlapFinder.FromNodeAddress(node.Name, node.Spec.Bgp?.Ipv4Address));
        }

        foreach (var node in inputs.Lab?.Nodes ?? [])
        {
            if (await IpJson.ReadAsync(node.Namespace, ["route", "show"], ct).ConfigureAwait(false) is { } routes)
            {
                underlay.AddRange(PoolOverlapFinder.FromRoutes(node.Name, routes));
            }
        }

        var findings = new List<DoctorFinding>();
        foreach (var (pool, cidr, overlaps) in PoolOverlapFinder.Find(pools, underlay))
        {
            findings.Add(new DoctorFinding(
                FindingSeverity.Failure,
                $"IP pool {pool} ({cidr}) overlaps node or underlay addresses",
                [.. overlaps.Select(o => $"pool {pool} {cidr}{(disabled.Contains(pool) ? " (disabled)" : string.Empty)} overlaps {o.Description}")],
                $"calicoctl get ippool {pool} -o wide; then move the pool to a CIDR no node, VPC, VPN or on-prem route uses"));
        }

        return new DoctorCheckResult(findings);
    }
}
