using Calico.Policy.Effective;
using Calico.Policy.Ids;

namespace Calico.Felix.Calc.Messages;

/// <summary>
/// A policy that applies to at least one local endpoint, added or changed. Every IP set its rules use
/// (<see cref="IpSets.RuleIpSets"/>) has been sent before it.
/// </summary>
public sealed record ActivePolicyUpdate(PolicyId Id, EffectivePolicy Policy) : DataplaneMessage;
