using Calico.Felix.Calc.IpSets;

namespace Calico.Felix.Calc.Graph;

/// <summary>An active IP set: how many active rules use it, and its members with how many matched items contribute each.</summary>
internal sealed class IpSetState(IpSetDescriptor descriptor)
{
    public IpSetDescriptor Descriptor { get; } = descriptor;

    public int References { get; set; }

    public Dictionary<IpSetMember, int> Members { get; } = [];
}
