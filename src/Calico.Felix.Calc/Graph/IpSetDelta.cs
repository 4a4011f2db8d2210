using Calico.Felix.Calc.IpSets;

namespace Calico.Felix.Calc.Graph;

/// <summary>Members added to and removed from a programmed IP set since the last flush; a member is never in both.</summary>
internal sealed class IpSetDelta
{
    public HashSet<IpSetMember> Added { get; } = [];

    public HashSet<IpSetMember> Removed { get; } = [];

    public void Add(IpSetMember member)
    {
        if (!Removed.Remove(member))
        {
            Added.Add(member);
        }
    }

    public void Remove(IpSetMember member)
    {
        if (!Added.Remove(member))
        {
            Removed.Add(member);
        }
    }

    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0;
}
