using System.Net;
using Calico.Api.Serialization;
using Calico.Cni.Protocol;
using Calico.Cni.Workloads;

namespace Calico.Cni.Plugin;

/// <summary>
/// The `calico` plugin's three commands. ADD: addresses (IPAM) → kernel (veth, addresses, routes) → WorkloadEndpoint and pod
/// annotations, undoing what it did if a later step fails. DEL: tear down, delete the endpoint if it is this container's,
/// release the addresses; succeeds for anything unknown. CHECK: compare the kernel and the endpoint with what ADD made.
/// </summary>
public sealed class CalicoNetworkPlugin(IPodIpam ipam, IPodDataplane dataplane, WorkloadEndpointWriter endpoints, PhaseTimer timer)
{
    public async ValueTask<CniResult> AddAsync(CniRequest request, WorkloadIdentity workload, CancellationToken ct)
    {
        var hostInterface = workload.HostVethName(request.Config.InterfacePrefix ?? "cali");
        var mtu = request.Config.Mtu ?? PodDataplaneConstants.DefaultMtu;
        var existing = await endpoints.GetAsync(workload, ct).ConfigureAwait(false);
        timer.Mark("read endpoint");
        IReadOnlyList<IPAddress> addresses;
        if (existing is not null && string.Equals(existing.Spec.ContainerId, workload.ContainerId, StringComparison.Ordinal)
            && ParseAddresses(existing.Spec.IpNetworks) is { Count: > 0 } previous
            && await ipam.HoldsAsync(workload, previous, ct).ConfigureAwait(false))
        {
            // ADD repeated for the same container: keep its addresses, make sure the kernel state is there.
            addresses = previous;
        }
        else
        {
            addresses = await ipam.AssignAsync(workload, ct).ConfigureAwait(false);
        }

        timer.Mark("ipam");

        var pod = await endpoints.GetPodAsync(workload, ct).ConfigureAwait(false);
        var spec = new PodNetworkSpec(request.NetNs, request.IfName, hostInterface, addresses, mtu);
        string podMac;
        try
        {
            timer.Mark("read pod");
            podMac = await dataplane.SetUpAsync(spec, ct).ConfigureAwait(false);
            timer.Mark("dataplane");
            await WriteEndpointAsync(workload, pod, hostInterface, podMac, addresses, ct).ConfigureAwait(false);
            timer.Mark("write endpoint");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await UndoAsync(request, workload, hostInterface).ConfigureAwait(false);
            throw;
        }

        return new CniResult(
            [new CniInterface(hostInterface, PodDataplaneConstants.HostSideMac, null), new CniInterface(request.IfName, podMac, request.NetNs)],
            addresses.Select(a => new CniIpConfig(a, a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128, null, 1)).ToList(),
            DefaultRoutes(addresses));
    }

    public async ValueTask DelAsync(CniRequest request, WorkloadIdentity workload, CancellationToken ct)
    {
        var hostInterface = workload.HostVethName(request.Config.InterfacePrefix ?? "cali");
        if (request.NetNs.Length > 0)
        {
            await dataplane.TearDownAsync(request.NetNs, request.IfName, hostInterface, ct).ConfigureAwait(false);
            timer.Mark("dataplane");
        }

        await endpoints.DeleteIfOwnedAsync(workload, ct).ConfigureAwait(false);
        timer.Mark("delete endpoint");
        await ipam.ReleaseAsync(workload, ct).ConfigureAwait(false);
        timer.Mark("ipam release");
    }

    public async ValueTask CheckAsync(CniRequest request, WorkloadIdentity workload, CancellationToken ct)
    {
        var endpoint = await endpoints.GetAsync(workload, ct).ConfigureAwait(false);
        if (endpoint is null || !string.Equals(endpoint.Spec.ContainerId, workload.ContainerId, StringComparison.Ordinal))
        {
            throw new CniException(CniErrorCode.CheckFailed, $"no WorkloadEndpoint {workload.Namespace}/{workload.WorkloadEndpointName} for container {workload.ContainerId}");
        }

        var addresses = ParseAddresses(endpoint.Spec.IpNetworks);
        if (request.Config.PrevResult is { } prevResult)
        {
            var expected = CniResultJson.Read(prevResult).Ips.Select(i => i.Address).ToHashSet();
            if (!expected.SetEquals(addresses))
            {
                throw new CniException(CniErrorCode.CheckFailed, $"the endpoint's addresses ({string.Join(", ", addresses)}) differ from prevResult ({string.Join(", ", expected)})");
            }
        }

        if (!await ipam.HoldsAsync(workload, addresses, ct).ConfigureAwait(false))
        {
            throw new CniException(CniErrorCode.CheckFailed, $"IPAM no longer holds {string.Join(", ", addresses)} for handle {workload.HandleId}");
        }

        var spec = new PodNetworkSpec(request.NetNs, request.IfName, endpoint.Spec.InterfaceName ?? workload.HostVethName(), addresses, request.Config.Mtu ?? PodDataplaneConstants.DefaultMtu);
        var problems = await dataplane.CheckAsync(spec, ct).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            throw new CniException(CniErrorCode.CheckFailed, $"the pod's network differs from what ADD made: {string.Join("; ", problems)}");
        }
    }

    private async ValueTask WriteEndpointAsync(WorkloadIdentity workload, Api.Kubernetes.KubePod? pod, string hostInterface, string podMac, IReadOnlyList<IPAddress> addresses, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await endpoints.WriteAsync(workload, pod, hostInterface, podMac, addresses, ct).ConfigureAwait(false);
                return;
            }
            catch (ResourceInputException e) when (e.IsConflict && attempt < 10)
            {
                // The Pod changed between our read and write (someone else annotated or relabelled it): read it again.
                pod = await endpoints.GetPodAsync(workload, ct).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask UndoAsync(CniRequest request, WorkloadIdentity workload, string hostInterface)
    {
        using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await dataplane.TearDownAsync(request.NetNs, request.IfName, hostInterface, cleanup.Token).ConfigureAwait(false);
        }
        finally
        {
            await ipam.ReleaseAsync(workload, cleanup.Token).ConfigureAwait(false);
        }
    }

    private static List<IPAddress> ParseAddresses(IEnumerable<string>? networks) =>
        (networks ?? []).Select(n => n.Split('/')[0]).Select(a => IPAddress.TryParse(a, out var ip) ? ip : null).OfType<IPAddress>().ToList();

    private static List<CniRoute> DefaultRoutes(IReadOnlyList<IPAddress> addresses)
    {
        var routes = new List<CniRoute>();
        if (addresses.Any(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork))
        {
            routes.Add(new CniRoute("0.0.0.0/0", null));
        }

        if (addresses.Any(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6))
        {
            routes.Add(new CniRoute("::/0", null));
        }

        return routes;
    }
}
