using System.Net;
using System.Net.Sockets;
using Calico.Netlink;

namespace Calico.Node.Startup;

/// <summary>
/// Reads the IPv4 addresses of one network namespace through rtnetlink (the namespace <paramref name="netlink"/> was
/// opened on, calico-node's own in production) and applies an <see cref="AutodetectionMethod"/> to them. can-reach
/// connects a UDP socket created inside that namespace (nothing is sent) and reads the source address the kernel chose.
/// Reads only: nothing in the namespace is changed.
/// </summary>
internal sealed class AddressAutodetector(IRouteNetlink netlink)
{
    /// <summary>Interfaces with their IPv4 addresses, highest interface index first (the order Calico's enumeration walks).</summary>
    public IReadOnlyList<HostInterface> ListIpv4Interfaces()
    {
        var addresses = netlink.Addresses.List(AddressFamily.InterNetwork);
        return
        [
            .. netlink.Links.List()
                .OrderByDescending(l => l.Index.Value)
                .Select(l => new HostInterface(
                    l.Name.Value,
                    [.. addresses.Where(a => a.Link == l.Index).Select(a => new HostAddress(a.Address, a.PrefixLength))])),
        ];
    }

    /// <summary>The address <paramref name="method"/> picks.</summary>
    /// <exception cref="NodeRegistrationException">Nothing matched, or a can-reach destination cannot be resolved or reached.</exception>
    public async ValueTask<DetectedAddress> DetectAsync(AutodetectionMethod method, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (method.Kind != AutodetectionMethodKind.CanReach)
        {
            return method.Choose(ListIpv4Interfaces());
        }

        var destination = await ResolveAsync(method, ct).ConfigureAwait(false);
        var source = SourceAddressFor(method, destination);
        return method.Choose(ListIpv4Interfaces(), source);
    }

    /// <summary>
    /// An explicit IP: with a prefix it is used as given; without one, the prefix of the interface holding the address
    /// (Calico's GetLocalCIDR), else /32.
    /// </summary>
    public HostAddress Complete(IPAddress address, int? prefixLength)
    {
        if (prefixLength is { } given)
        {
            return new HostAddress(address, given);
        }

        foreach (var candidate in ListIpv4Interfaces())
        {
            foreach (var held in candidate.Addresses)
            {
                if (held.Address.Equals(address))
                {
                    return held;
                }
            }
        }

        return new HostAddress(address, 32);
    }

    private static async ValueTask<IPAddress> ResolveAsync(AutodetectionMethod method, CancellationToken ct)
    {
        var destination = method.Destination!;
        if (IPAddress.TryParse(destination, out var address))
        {
            return address;
        }

        try
        {
            var resolved = await Dns.GetHostAddressesAsync(destination, AddressFamily.InterNetwork, ct).ConfigureAwait(false);
            return resolved.Length > 0
                ? resolved[0]
                : throw new NodeRegistrationException($"{AutodetectionMethod.Variable}=\"{method.Text}\": {destination} has no IPv4 address");
        }
        catch (SocketException e)
        {
            throw new NodeRegistrationException($"{AutodetectionMethod.Variable}=\"{method.Text}\": cannot resolve {destination}: {e.Message}");
        }
    }

    private IPAddress SourceAddressFor(AutodetectionMethod method, IPAddress destination)
    {
        // A socket stays in the namespace it was created in, so only its creation needs the namespace's thread.
        using var socket = netlink.Namespace.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        try
        {
            socket.Connect(new IPEndPoint(destination, 80));
        }
        catch (SocketException e)
        {
            throw new NodeRegistrationException($"{AutodetectionMethod.Variable}=\"{method.Text}\": no route to {destination}: {e.Message}");
        }

        return ((IPEndPoint)socket.LocalEndPoint!).Address;
    }
}
