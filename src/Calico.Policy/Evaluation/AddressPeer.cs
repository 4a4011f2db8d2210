using System.Net;

namespace Calico.Policy.Evaluation;

/// <summary>
/// A bare address end of a flow. No endpoint policy applies to it; rule selectors match it only through
/// endpoints or network sets whose networks contain it (as Felix's IP sets do).
/// </summary>
public sealed record AddressPeer(IPAddress Address) : FlowPeer
{
    /// <inheritdoc />
    public override string ToString() => Address.ToString();
}
