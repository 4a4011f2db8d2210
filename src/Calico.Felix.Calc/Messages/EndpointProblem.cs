using Calico.Api.Values;

namespace Calico.Felix.Calc.Messages;

/// <summary>
/// Something about an endpoint's policy that cannot be rendered (a policy in a tier that does not exist, say). The
/// dataplane drops all traffic of the endpoint in <see cref="Direction"/> (fail closed) and says why.
/// </summary>
public sealed record EndpointProblem(PolicyType Direction, string Reason)
{
    public override string ToString() => $"{Direction}: {Reason}";
}
