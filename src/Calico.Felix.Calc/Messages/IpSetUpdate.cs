using Calico.Felix.Calc.IpSets;

namespace Calico.Felix.Calc.Messages;

/// <summary>An IP set became active, or its whole membership is restated.</summary>
public sealed record IpSetUpdate(IpSetId Id, IpSetKind Kind, IReadOnlyCollection<IpSetMember> Members) : DataplaneMessage;
