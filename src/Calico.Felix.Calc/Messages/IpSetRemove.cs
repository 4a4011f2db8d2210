using Calico.Felix.Calc.IpSets;

namespace Calico.Felix.Calc.Messages;

/// <summary>No active policy or profile uses the IP set any more.</summary>
public sealed record IpSetRemove(IpSetId Id) : DataplaneMessage;
