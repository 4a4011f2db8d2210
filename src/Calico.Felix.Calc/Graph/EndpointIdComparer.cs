using Calico.Policy.Ids;

namespace Calico.Felix.Calc.Graph;

/// <summary>Orders endpoint IDs by kind, namespace and name, so a flush's output does not depend on hash order.</summary>
internal sealed class EndpointIdComparer : IComparer<EndpointId>
{
    public static EndpointIdComparer Instance { get; } = new();

    public int Compare(EndpointId x, EndpointId y)
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
