using System.Net;
using System.Net.Sockets;
using Calico.Node.Configuration;

namespace Calico.Node.Startup;

/// <summary>The <c>IP</c> environment variable, parsed.</summary>
public sealed record Ipv4AddressSetting
{
    /// <summary>IP unset.</summary>
    public static Ipv4AddressSetting Default { get; } = new() { Mode = Ipv4AddressMode.Default };

    public required Ipv4AddressMode Mode { get; init; }

    /// <summary>The address of <see cref="Ipv4AddressMode.Explicit"/>.</summary>
    public IPAddress? Address { get; init; }

    /// <summary>The prefix given with the explicit address; null when only an address was given (the interface's prefix is looked up, else /32).</summary>
    public int? PrefixLength { get; init; }

    /// <summary>Parses IP: <c>autodetect</c>, <c>none</c>, or an IPv4 address with an optional /prefix.</summary>
    /// <exception cref="NodeConfigurationException">Anything else; the message names the variable and the value.</exception>
    public static Ipv4AddressSetting Parse(string? text)
    {
        if (text is null)
        {
            return Default;
        }

        if (string.Equals(text, "autodetect", StringComparison.OrdinalIgnoreCase))
        {
            return new Ipv4AddressSetting { Mode = Ipv4AddressMode.Autodetect };
        }

        if (string.Equals(text, "none", StringComparison.OrdinalIgnoreCase))
        {
            return new Ipv4AddressSetting { Mode = Ipv4AddressMode.None };
        }

        if (!HostAddress.TryParse(text, out var address, out var prefix) || address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new NodeConfigurationException($"IP=\"{text}\" is not an IPv4 address (optionally with /PREFIX, e.g. 198.18.0.11/24), autodetect or none");
        }

        return new Ipv4AddressSetting { Mode = Ipv4AddressMode.Explicit, Address = address, PrefixLength = prefix };
    }
}
