using System.Net;

namespace Calico.Lab.Probing;

/// <summary>Something probes go to and come from: a pod (<c>x/a</c>) or a lab host (<c>node1</c>, <c>underlay</c>), its network namespace and address.</summary>
public sealed record ProbeTarget(string Name, string NetworkNamespace, IPAddress Address)
{
    public override string ToString() => $"{Name} ({Address})";
}
