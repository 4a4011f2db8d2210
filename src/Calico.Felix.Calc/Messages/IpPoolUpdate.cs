using Calico.Api.Values;
using Calico.Core;

namespace Calico.Felix.Calc.Messages;

/// <summary>An IP pool, added or changed (NAT and encapsulation need every pool, not only local ones).</summary>
public sealed record IpPoolUpdate(string Name, Cidr Cidr, bool NatOutgoing, bool Disabled, EncapMode VxlanMode, EncapMode IpipMode) : DataplaneMessage;
