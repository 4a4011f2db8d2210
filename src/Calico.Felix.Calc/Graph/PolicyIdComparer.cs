using Calico.Policy.Ids;

namespace Calico.Felix.Calc.Graph;

/// <summary>Orders policy IDs by kind, namespace and name, so a flush's output does not depend on hash order.</summary>
internal sealed class PolicyIdComparer : IComparer<PolicyId>
{
    public static PolicyIdComparer Instance { get; } = new();

    public int Compare(PolicyId x, PolicyId y)
    {
        var byKind = x.Kind.CompareTo(y.Kind);
        if (byKind != 0)
        {
            return byKind;
        }

        var byNamespace = string.CompareOrdinal(x.Namespace, y.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(x.Name, y.Name);
    }
}
