using Calico.Core;
using Calico.Policy.Snapshot;

namespace Calico.Felix.Calc.Graph;

/// <summary>The addresses and named ports an endpoint or network set contributes to the IP sets that match it.</summary>
internal sealed record ItemAddresses(IReadOnlyList<Cidr> Networks, IReadOnlyList<NamedPort> Ports)
{
    public static ItemAddresses Empty { get; } = new([], []);

    public bool SameAs(ItemAddresses other) =>
        Networks.SequenceEqual(other.Networks) && Ports.SequenceEqual(other.Ports);
}
