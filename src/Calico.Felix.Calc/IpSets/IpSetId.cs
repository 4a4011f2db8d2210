namespace Calico.Felix.Calc.IpSets;

/// <summary>
/// The identity of an IP set: <c>s:</c> + the selector's unique ID for a selector's addresses, <c>n:</c> + a hash for
/// the (address, protocol, port) members of a named port. The dataplane derives kernel set names from it.
/// </summary>
public readonly record struct IpSetId(string Value)
{
    public override string ToString() => Value;
}
