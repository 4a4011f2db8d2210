using System.Net;
using Calico.Core;

namespace Calico.Nftables.Tests.Infrastructure;

/// <summary>A small Felix-shaped table: hooked dispatch through a verdict map, per-endpoint chains, a policy chain, an address set and a named-port set.</summary>
internal static class Samples
{
    public static readonly SetName WebSet = "cali40s-web";
    public static readonly SetName HttpPorts = "cali40n-web-http";
    public static readonly SetName Dispatch = "cali-from-wl-dispatch";

    public static Chain Forward => Chain.Hooked("cali-FORWARD", new BaseChainSpec(ChainType.Filter, ChainHook.Forward, 0),
        new Rule("iifname vmap @cali-from-wl-dispatch", "from workload dispatch"),
        new Rule("meta mark & 0x10000 == 0x10000 accept"));

    public static Chain Policy => Chain.Regular("cali-pi-web",
        new Rule("ip saddr @cali40s-web tcp dport 80 accept"),
        new Rule("ip daddr . meta l4proto . th dport @cali40n-web-http accept"));

    public static Chain Endpoint(string iface) => Chain.Regular($"cali-fw-{iface}",
        new Rule("ct state established,related accept"),
        new Rule("ct state invalid drop"),
        new Rule("jump cali-pi-web"),
        new Rule("counter drop", "Drop if no policies passed packet"));

    public static SetSpec WebSpec => SetSpec.Ipv4Networks(WebSet);

    public static SetSpec HttpSpec => new(HttpPorts, SetKeyType.Ipv4AddressProtocolPort);

    public static VmapSpec DispatchSpec => VmapSpec.ByInterfaceName(Dispatch);

    public static SetElement Net(string cidr) => SetElement.Network(Cidr.Parse(cidr));

    public static SetElement Ip(string address) => SetElement.Address(IPAddress.Parse(address));

    public static SetElement Http(string address) => SetElement.AddressProtocolPort(IPAddress.Parse(address), 6, 80);

    public static KeyValuePair<SetElement, Verdict> ToEndpoint(string iface) =>
        KeyValuePair.Create(SetElement.InterfaceName(iface), Verdict.Jump($"cali-fw-{iface}"));

    /// <summary>Declares the whole sample in <paramref name="table"/>.</summary>
    public static void Populate(ITable table)
    {
        table.UpdateSet(WebSpec, [Ip("10.65.0.1"), Net("10.65.1.0/24")]);
        table.UpdateSet(HttpSpec, [Http("10.65.0.2"), Http("10.65.0.3")]);
        table.UpdateChain(Policy);
        table.UpdateChains([Endpoint("cali1"), Endpoint("cali2")]);
        table.UpdateVmap(DispatchSpec, [ToEndpoint("cali1"), ToEndpoint("cali2")]);
        table.UpdateChain(Forward);
    }
}
