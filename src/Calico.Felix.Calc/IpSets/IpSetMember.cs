using Calico.Core;

namespace Calico.Felix.Calc.IpSets;

/// <summary>
/// One member of an IP set. For <see cref="IpSetKind.Networks"/> only <see cref="Network"/> is set (a /32 or /128 for
/// an endpoint address); for <see cref="IpSetKind.NamedPorts"/> the network is a single address and
/// <see cref="Protocol"/> (6, 17 or 132) and <see cref="Port"/> are set.
/// </summary>
public readonly record struct IpSetMember(Cidr Network, int Protocol = 0, int Port = 0)
{
    public int IpVersion => Network.IsIPv4 ? 4 : 6;

    public override string ToString() => Protocol == 0 ? Network.ToString() : $"{Network.Address},{Protocol}:{Port}";
}
