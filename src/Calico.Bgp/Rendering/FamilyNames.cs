using System.Net.Sockets;

namespace Calico.Bgp.Rendering;

/// <summary>
/// The names that differ between the IPv4 and IPv6 halves of the configuration. IPv4 keeps Calico's names; IPv6 adds
/// a "6" (BIRD 2 has one configuration for both, where Calico had bird.cfg and bird6.cfg with the same names).
/// </summary>
internal sealed record FamilyNames(AddressFamily Family, string Channel, string Suffix, string Label, string DefaultRoute)
{
    public static FamilyNames V4 { get; } = new(AddressFamily.InterNetwork, "ipv4", "", "IPv4", "0.0.0.0/0");

    public static FamilyNames V6 { get; } = new(AddressFamily.InterNetworkV6, "ipv6", "6", "IPv6", "::/0");

    public string Template => "bgp_template" + Suffix;

    public string KernelFilter => "calico_kernel_programming" + Suffix;

    public string ImportFilter => "calico_import_from_bgp_peers" + Suffix;

    public string ExportFunction => "calico_export_to_bgp_peers" + Suffix;

    public string AggregationFunction => "calico_aggr" + Suffix;

    public string DisabledPoolsFunction => "reject_disabled_pools" + Suffix;
}
