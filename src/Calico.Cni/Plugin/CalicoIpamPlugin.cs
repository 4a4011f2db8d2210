using Calico.Cni.Protocol;
using Calico.Cni.Workloads;

namespace Calico.Cni.Plugin;

/// <summary>The `calico-ipam` plugin: ADD assigns (result with ips only), DEL releases by handle, CHECK verifies the handle still holds them.</summary>
public sealed class CalicoIpamPlugin(IPodIpam ipam)
{
    public async ValueTask<CniResult> AddAsync(WorkloadIdentity workload, CancellationToken ct)
    {
        var addresses = await ipam.AssignAsync(workload, ct).ConfigureAwait(false);
        return new CniResult([], addresses.Select(a => new CniIpConfig(a, a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128, null, null)).ToList(), []);
    }

    public ValueTask DelAsync(WorkloadIdentity workload, CancellationToken ct) => ipam.ReleaseAsync(workload, ct);

    public async ValueTask CheckAsync(CniRequest request, WorkloadIdentity workload, CancellationToken ct)
    {
        var expected = request.Config.PrevResult is { } prev ? CniResultJson.Read(prev).Ips.Select(i => i.Address).ToList() : [];
        if (expected.Count == 0 || !await ipam.HoldsAsync(workload, expected, ct).ConfigureAwait(false))
        {
            throw new CniException(CniErrorCode.CheckFailed, $"handle {workload.HandleId} does not hold {string.Join(", ", expected)}");
        }
    }
}
