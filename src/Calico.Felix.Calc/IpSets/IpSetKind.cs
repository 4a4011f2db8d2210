namespace Calico.Felix.Calc.IpSets;

/// <summary>What an IP set's members are.</summary>
public enum IpSetKind
{
    /// <summary>Addresses and networks (<see cref="IpSetMember.Network"/> only): endpoint IPs, network set nets.</summary>
    Networks,

    /// <summary>(address, protocol, port) tuples: the named ports of the endpoints a selector matches.</summary>
    NamedPorts,
}
