using System.Net;

namespace Calico.Cni.Protocol;

/// <summary>The result of ADD: interfaces, addresses and routes, written in the caller's spec version.</summary>
public sealed record CniResult(IReadOnlyList<CniInterface> Interfaces, IReadOnlyList<CniIpConfig> Ips, IReadOnlyList<CniRoute> Routes);

public sealed record CniInterface(string Name, string? Mac, string? Sandbox);

/// <summary>An address with its prefix length ("192.168.0.5/32"), optionally on an interface of the result.</summary>
public sealed record CniIpConfig(IPAddress Address, int PrefixLength, IPAddress? Gateway, int? InterfaceIndex)
{
    public bool IsIPv4 => Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;

    public string AddressText => $"{Address}/{PrefixLength}";
}

public sealed record CniRoute(string Destination, IPAddress? Gateway);
