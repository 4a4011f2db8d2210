namespace Calico.Node.Startup;

/// <summary>The address autodetection chose and the interface it is on.</summary>
/// <param name="InterfaceName">The interface.</param>
/// <param name="Address">The address with the interface's prefix length (stored as the Node's ipv4Address).</param>
public sealed record DetectedAddress(string InterfaceName, HostAddress Address);
