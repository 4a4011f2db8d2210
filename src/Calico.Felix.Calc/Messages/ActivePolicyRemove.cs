using Calico.Policy.Ids;

namespace Calico.Felix.Calc.Messages;

/// <summary>The policy no longer applies to any local endpoint (or was deleted). Sent after the endpoints stopped using it.</summary>
public sealed record ActivePolicyRemove(PolicyId Id) : DataplaneMessage;
