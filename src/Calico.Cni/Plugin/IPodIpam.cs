using System.Net;
using Calico.Cni.Workloads;

namespace Calico.Cni.Plugin;

/// <summary>Where a pod's addresses come from: Calico IPAM in-process, or another IPAM plugin the config names.</summary>
public interface IPodIpam
{
    /// <summary>Assigns the pod's addresses (idempotent per handle). Throws <see cref="Protocol.CniException"/> with NoAddressAvailable when no pool can.</summary>
    public ValueTask<IReadOnlyList<IPAddress>> AssignAsync(WorkloadIdentity workload, CancellationToken ct);

    /// <summary>Releases everything the pod's handle holds; succeeds when it holds nothing.</summary>
    public ValueTask ReleaseAsync(WorkloadIdentity workload, CancellationToken ct);

    /// <summary>True when the addresses are still held by this pod's handle.</summary>
    public ValueTask<bool> HoldsAsync(WorkloadIdentity workload, IReadOnlyList<IPAddress> addresses, CancellationToken ct);
}
