using System.Net;

namespace Calico.Nftables.Benchmarks;

/// <summary>The model and text the scenarios load.</summary>
internal static class Workloads
{
    public static readonly SetName BigSet = "cali40s-big";
    public static readonly SetName Dispatch = "cali-from-wl-dispatch";

    public static IPAddress Address(int first, int i) => new([(byte)first, (byte)(i >> 16), (byte)(i >> 8), (byte)i]);

    public static SetElement[] Elements(int count) => [.. Enumerable.Range(0, count).Select(i => SetElement.Address(Address(10, i)))];

    /// <summary>
    /// About a thousand chains shaped like Felix's: <paramref name="endpoints"/> per-endpoint chains (4 rules; two
    /// policy jumps each), <paramref name="policies"/> policy chains (3 rules, each looking up its own 10-address
    /// set), a dispatch verdict map with one entry per endpoint and the hooked cali-FORWARD.
    /// </summary>
    public static void PopulateRuleset(ITable table, int endpoints, int policies)
    {
        for (var p = 0; p < policies; p++)
        {
            var set = new SetName($"cali40s-pol{p}");
            table.UpdateSet(SetSpec.Ipv4Networks(set), Enumerable.Range(0, 10).Select(i => SetElement.Address(Address(20, (p * 16) + i))));
            table.UpdateChain(Chain.Regular($"cali-pi-pol{p}",
                new Rule($"ip saddr @{set} tcp dport 80 accept"),
                new Rule($"ip saddr @{set} udp dport 53 accept"),
                new Rule("meta l4proto icmp accept")));
        }

        var names = Enumerable.Range(0, endpoints).Select(e => $"cali{e:x11}").ToArray();
        for (var e = 0; e < endpoints; e++)
        {
            table.UpdateChain(Chain.Regular($"cali-fw-{names[e]}",
                new Rule("ct state established,related accept"),
                new Rule("ct state invalid drop"),
                new Rule($"jump cali-pi-pol{e % policies}"),
                new Rule($"jump cali-pi-pol{(e + 1) % policies}")));
        }

        table.UpdateVmap(VmapSpec.ByInterfaceName(Dispatch), names.Select(n => KeyValuePair.Create(SetElement.InterfaceName(n), Verdict.Jump($"cali-fw-{n}"))));
        table.UpdateChain(Chain.Hooked("cali-FORWARD", new BaseChainSpec(ChainType.Filter, ChainHook.Forward, 0),
            new Rule("iifname vmap @cali-from-wl-dispatch"),
            new Rule("meta mark & 0x10000 == 0x10000 accept")));
    }
}
