using Calico.Selectors;

namespace Calico.Felix.Calc.IpSets;

/// <summary>
/// What an IP set holds: the addresses of the endpoints and network sets <see cref="Selector"/> matches
/// (<see cref="IpSetKind.Networks"/>), or the (address, <see cref="Protocol"/>, port) of their named port
/// <see cref="PortName"/> (<see cref="IpSetKind.NamedPorts"/>; network sets have no ports).
/// </summary>
public sealed record IpSetDescriptor(IpSetId Id, IpSetKind Kind, Selector Selector, string? PortName = null, int Protocol = 0)
{
    /// <summary>The addresses of what <paramref name="selector"/> matches.</summary>
    public static IpSetDescriptor ForSelector(Selector selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return new IpSetDescriptor(new IpSetId(selector.UniqueId), IpSetKind.Networks, selector);
    }

    /// <summary>The named port <paramref name="portName"/>/<paramref name="protocol"/> of what <paramref name="selector"/> matches.</summary>
    public static IpSetDescriptor ForNamedPort(Selector selector, int protocol, string portName)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentException.ThrowIfNullOrEmpty(portName);
        var text = $"{selector.Canonical}\u0000{protocol}\u0000{portName}";
        var digest = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));
        var id = "n:" + System.Buffers.Text.Base64Url.EncodeToString(digest.AsSpan(0, 21));
        return new IpSetDescriptor(new IpSetId(id), IpSetKind.NamedPorts, selector, portName, protocol);
    }

    public override string ToString() =>
        Kind == IpSetKind.Networks ? $"{Id} ({Selector.Canonical})" : $"{Id} ({Selector.Canonical} port {PortName}/{Protocol})";
}
