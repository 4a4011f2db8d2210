using Calico.Api;
using Calico.Api.Kubernetes;
using Calico.Api.Resources;
using Calico.Api.Values;

namespace Calico.Ctl.Output;

/// <summary>The table columns of each kind, as calicoctl prints them with -o ps and -o wide.</summary>
internal sealed class ResourceColumns
{
    private readonly IReadOnlyDictionary<string, Func<Resource, string>> _values;

    private ResourceColumns(string[] ps, string[] wide, IReadOnlyDictionary<string, Func<Resource, string>> values)
    {
        Ps = ps;
        Wide = wide;
        _values = values;
    }

    public IReadOnlyList<string> Ps { get; }

    public IReadOnlyList<string> Wide { get; }

    public IEnumerable<string> Available => _values.Keys.Prepend("NAMESPACE");

    public string Value(string column, Resource resource) => column switch
    {
        "NAMESPACE" => resource.Namespace ?? string.Empty,
        "NAME" => resource.Name,
        _ => _values.TryGetValue(column, out var get) ? get(resource) : throw new CtlException($"no column {column}"),
    };

    public bool Has(string column) => column is "NAMESPACE" or "NAME" || _values.ContainsKey(column);

    /// <param name="kind">The kind.</param>
    /// <param name="defaultAsNumber">The AS number nodes inherit (BGPConfiguration default, else 64512).</param>
    public static ResourceColumns For(ResourceKind kind, long defaultAsNumber)
    {
        var v = new Dictionary<string, Func<Resource, string>>(StringComparer.Ordinal) { ["NAME"] = r => r.Name };
        string[] ps, wide;
        switch (kind.Kind)
        {
            case "IPPool" when !kind.IsKubernetesKind:
                v["CIDR"] = r => ((IPPool)r).Spec.Cidr ?? string.Empty;
                v["SELECTOR"] = r => ((IPPool)r).Spec.NodeSelector ?? string.Empty;
                v["NAT"] = r => Bool(((IPPool)r).Spec.NatOutgoing);
                v["IPIPMODE"] = r => (((IPPool)r).Spec.IpipMode ?? EncapMode.Never).ToString();
                v["VXLANMODE"] = r => (((IPPool)r).Spec.VxlanMode ?? EncapMode.Never).ToString();
                v["DISABLED"] = r => Bool(((IPPool)r).Spec.Disabled);
                v["DISABLEBGPEXPORT"] = r => Bool(((IPPool)r).Spec.DisableBgpExport);
                v["ASSIGNMENTMODE"] = r => (((IPPool)r).Spec.AssignmentMode ?? AssignmentMode.Automatic).ToString();
                v["BLOCKSIZE"] = r => ((IPPool)r).Spec.BlockSize?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                ps = ["NAME", "CIDR", "SELECTOR"];
                wide = ["NAME", "CIDR", "NAT", "IPIPMODE", "VXLANMODE", "DISABLED", "DISABLEBGPEXPORT", "SELECTOR", "ASSIGNMENTMODE"];
                break;
            case "WorkloadEndpoint":
                v["WORKLOAD"] = r => ((WorkloadEndpoint)r).Spec.Pod ?? ((WorkloadEndpoint)r).Spec.Workload ?? string.Empty;
                v["NODE"] = r => ((WorkloadEndpoint)r).Spec.Node ?? string.Empty;
                v["NETWORKS"] = r => Join(((WorkloadEndpoint)r).Spec.IpNetworks);
                v["INTERFACE"] = r => ((WorkloadEndpoint)r).Spec.InterfaceName ?? string.Empty;
                v["PROFILES"] = r => Join(((WorkloadEndpoint)r).Spec.Profiles);
                v["NATS"] = r => Join(((WorkloadEndpoint)r).Spec.IpNats?.Select(n => $"{n.InternalIp}->{n.ExternalIp}"));
                ps = ["WORKLOAD", "NODE", "NETWORKS", "INTERFACE"];
                wide = ["NAME", "WORKLOAD", "NODE", "NETWORKS", "INTERFACE", "PROFILES", "NATS"];
                break;
            case "Node" when !kind.IsKubernetesKind:
                v["ASN"] = r => ((Node)r).Spec.Bgp?.AsNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    ?? (((Node)r).Spec.Bgp is null ? string.Empty : $"({defaultAsNumber})");
                v["IPV4"] = r => ((Node)r).Spec.Bgp?.Ipv4Address ?? string.Empty;
                v["IPV6"] = r => ((Node)r).Spec.Bgp?.Ipv6Address ?? string.Empty;
                ps = ["NAME"];
                wide = ["NAME", "ASN", "IPV4", "IPV6"];
                break;
            case "NetworkPolicy" when !kind.IsKubernetesKind:
                v["TIER"] = r => ((NetworkPolicy)r).Spec.Tier ?? string.Empty;
                v["ORDER"] = r => ((NetworkPolicy)r).Spec.Order is { } o ? GoFloatFormat.Format(o) : string.Empty;
                v["SELECTOR"] = r => ((NetworkPolicy)r).Spec.Selector ?? string.Empty;
                ps = ["NAME", "TIER"];
                wide = ["NAME", "TIER", "ORDER", "SELECTOR"];
                break;
            case "GlobalNetworkPolicy":
                v["TIER"] = r => ((GlobalNetworkPolicy)r).Spec.Tier ?? string.Empty;
                v["ORDER"] = r => ((GlobalNetworkPolicy)r).Spec.Order is { } o ? GoFloatFormat.Format(o) : string.Empty;
                v["SELECTOR"] = r => ((GlobalNetworkPolicy)r).Spec.Selector ?? string.Empty;
                ps = ["NAME", "TIER"];
                wide = ["NAME", "TIER", "ORDER", "SELECTOR"];
                break;
            case "HostEndpoint":
                v["NODE"] = r => ((HostEndpoint)r).Spec.Node ?? string.Empty;
                v["INTERFACE"] = r => ((HostEndpoint)r).Spec.InterfaceName ?? string.Empty;
                v["IPS"] = r => Join(((HostEndpoint)r).Spec.ExpectedIps);
                v["PROFILES"] = r => Join(((HostEndpoint)r).Spec.Profiles);
                ps = ["NAME", "NODE"];
                wide = ["NAME", "NODE", "INTERFACE", "IPS", "PROFILES"];
                break;
            case "BGPPeer":
                v["PEERIP"] = r => ((BGPPeer)r).Spec.PeerIp ?? ((BGPPeer)r).Spec.PeerSelector ?? string.Empty;
                v["NODE"] = r => ((BGPPeer)r).Spec.Node ?? (((BGPPeer)r).Spec.NodeSelector is { } s ? s : "(global)");
                v["ASN"] = r => ((BGPPeer)r).Spec.AsNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                ps = ["NAME", "PEERIP", "NODE", "ASN"];
                wide = ps;
                break;
            case "Tier":
                v["ORDER"] = r => ((Tier)r).Spec.Order is { } o ? GoFloatFormat.Format(o) : string.Empty;
                v["DEFAULTACTION"] = r => ((Tier)r).Spec.DefaultAction?.ToString() ?? string.Empty;
                ps = ["NAME", "ORDER"];
                wide = ["NAME", "ORDER", "DEFAULTACTION"];
                break;
            case "Profile":
                v["LABELS"] = r => Labels(((Profile)r).Spec.LabelsToApply);
                ps = ["NAME"];
                wide = ["NAME", "LABELS"];
                break;
            case "NetworkSet":
                v["NETS"] = r => Join(((NetworkSet)r).Spec.Nets);
                ps = ["NAME"];
                wide = ["NAME", "NETS"];
                break;
            case "GlobalNetworkSet":
                v["NETS"] = r => Join(((GlobalNetworkSet)r).Spec.Nets);
                ps = ["NAME"];
                wide = ["NAME", "NETS"];
                break;
            case "IPAMBlock":
                v["CIDR"] = r => ((IPAMBlock)r).Spec.Cidr ?? string.Empty;
                v["AFFINITY"] = r => ((IPAMBlock)r).Spec.Affinity ?? string.Empty;
                ps = ["NAME", "CIDR", "AFFINITY"];
                wide = ps;
                break;
            case "BlockAffinity":
                v["NODE"] = r => ((BlockAffinity)r).Spec.Node ?? string.Empty;
                v["CIDR"] = r => ((BlockAffinity)r).Spec.Cidr ?? string.Empty;
                v["STATE"] = r => ((BlockAffinity)r).Spec.State ?? string.Empty;
                ps = ["NAME", "NODE", "CIDR", "STATE"];
                wide = ps;
                break;
            case "Pod":
                v["NODE"] = r => ((KubePod)r).Spec.NodeName ?? string.Empty;
                v["IP"] = r => ((KubePod)r).Status?.PodIp ?? string.Empty;
                v["SERVICEACCOUNT"] = r => ((KubePod)r).Spec.ServiceAccountName ?? string.Empty;
                v["LABELS"] = r => Labels(r.Metadata.Labels);
                ps = ["NAME", "NODE", "IP"];
                wide = ["NAME", "NODE", "IP", "SERVICEACCOUNT", "LABELS"];
                break;
            default:
                v["LABELS"] = r => Labels(r.Metadata.Labels);
                ps = ["NAME"];
                wide = ["NAME", "LABELS"];
                break;
        }

        return new ResourceColumns(ps, wide, v);
    }

    private static string Bool(bool? value) => value == true ? "true" : "false";

    private static string Join(IEnumerable<string?>? values) => values is null ? string.Empty : string.Join(",", values);

    private static string Labels(IDictionary<string, string>? labels) =>
        labels is null ? string.Empty : string.Join(",", labels.Select(p => $"{p.Key}={p.Value}"));
}
