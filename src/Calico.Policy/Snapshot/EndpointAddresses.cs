using Calico.Api.Values;
using Calico.Core;
using Calico.Policy.Evaluation;

namespace Calico.Policy.Snapshot;

/// <summary>
/// Reads what an endpoint or network set contributes as a peer: its nets (ipNetworks, expectedIPs, nets) and its named
/// ports. Shared by the policy model and Felix's calculation graph, so both see the same addresses.
/// </summary>
public static class EndpointAddresses
{
    /// <summary>Each address or CIDR parsed leniently (a bare address is a /32 or /128).</summary>
    /// <param name="field">The field named in the error (e.g. <c>spec.ipNetworks</c>), or null.</param>
    /// <exception cref="FormatException">An entry is neither an address nor a CIDR.</exception>
    public static Cidr[] ParseNets(IEnumerable<string>? nets, string? field = null)
    {
        var result = new List<Cidr>();
        foreach (var net in nets ?? [])
        {
            if (!Cidr.TryParseLenient(net, out var cidr))
            {
                throw new FormatException($"{(field is null ? string.Empty : field + ": ")}\"{net}\" is not an IP address or CIDR");
            }

            result.Add(cidr);
        }

        return [.. result];
    }

    /// <summary>The ports that have both a name and a number (TCP unless stated), the only ones a named port can resolve to.</summary>
    public static NamedPort[] NamedPorts(IEnumerable<EndpointPort>? ports)
    {
        var result = new List<NamedPort>();
        foreach (var port in ports ?? [])
        {
            if (!string.IsNullOrEmpty(port.Name) && port.Port is { } number)
            {
                result.Add(new NamedPort(port.Name, port.Protocol?.Number ?? ProtocolNames.Tcp, number));
            }
        }

        return [.. result];
    }
}
