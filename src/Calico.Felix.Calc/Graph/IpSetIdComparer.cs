using Calico.Felix.Calc.IpSets;

namespace Calico.Felix.Calc.Graph;

/// <summary>Orders IP set IDs ordinally, so a flush's output does not depend on hash order.</summary>
internal sealed class IpSetIdComparer : IComparer<IpSetId>
{
    public static IpSetIdComparer Instance { get; } = new();

    public int Compare(IpSetId x, IpSetId y) => string.CompareOrdinal(x.Value, y.Value);
}
