using Calico.Felix.Calc.IpSets;

namespace Calico.Felix.Calc.Messages;

/// <summary>Members added to and removed from an active IP set (never both for the same member).</summary>
public sealed record IpSetDeltaUpdate(IpSetId Id, IReadOnlyCollection<IpSetMember> Added, IReadOnlyCollection<IpSetMember> Removed) : DataplaneMessage;
