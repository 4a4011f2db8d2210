using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Calico.Api.Values;
using Calico.Felix.Calc.IpSets;
using Calico.Nftables;
using Calico.Policy.Ids;

namespace Calico.Felix.Dataplane.Rules;

/// <summary>
/// The names of everything Felix's filter rendering puts in <c>table inet calico</c> (calico-features §4).
/// <list type="bullet">
/// <item>IP sets: <c>cali40</c> (IPv4) or <c>cali60</c> (IPv6) + the set's ID with ':' replaced by '-'
///   (<c>cali40s-AbC…</c> for a selector, <c>cali40n-…</c> for a named port).</item>
/// <item>Policy chains <c>cali-pi-KEY</c> (ingress) / <c>cali-po-KEY</c> (egress); profile chains <c>cali-pri-NAME</c> /
///   <c>cali-pro-NAME</c>; workload chains <c>cali-tw-IFACE</c> (to the workload: its ingress policy) /
///   <c>cali-fw-IFACE</c> (from it: egress).</item>
/// <item>KEY is readable when it is short and safe: <c>NAME</c> for a GlobalNetworkPolicy, <c>NAMESPACE_NAME</c> for a
///   NetworkPolicy or a Kubernetes NetworkPolicy (whose name starts <c>knp.default.</c>; a Calico NetworkPolicy
///   named so is hashed instead), each part of lower-case letters, digits, '.' and '-' ('_' never occurs in a
///   Kubernetes name, so the forms cannot collide).</item>
/// <item>As in Felix, a name longer than <see cref="MaxReadableChainLength"/> characters, or with any other
///   character, is hashed instead: the prefix, '_' (which no readable form starts with), then the first characters of
///   base64url(SHA-256(kind, namespace, name)) up to <see cref="MaxReadableChainLength"/> characters. The chains that
///   jump to a hashed chain say in their comment what it is.</item>
/// </list>
/// </summary>
public static class FelixNames
{
    /// <summary>Chain names up to this length are kept readable (Felix's limit, felix-naming.json).</summary>
    public const int MaxReadableChainLength = 28;

    public const string IpSetV4Prefix = "cali40";
    public const string IpSetV6Prefix = "cali60";
    public const string PolicyIngressPrefix = "cali-pi-";
    public const string PolicyEgressPrefix = "cali-po-";
    public const string ProfileIngressPrefix = "cali-pri-";
    public const string ProfileEgressPrefix = "cali-pro-";
    public const string ToWorkloadPrefix = "cali-tw-";
    public const string FromWorkloadPrefix = "cali-fw-";
    public const string ToHostEndpointPrefix = "cali-th-";
    public const string FromHostEndpointPrefix = "cali-fh-";
    public const string ToHostEndpointForwardPrefix = "cali-thfw-";
    public const string FromHostEndpointForwardPrefix = "cali-fhfw-";

    /// <summary>Verdict map: workload interface → jump to its <c>cali-fw-</c> chain.</summary>
    public static SetName FromWorkloadDispatch { get; } = "cali-from-wl-dispatch";

    /// <summary>Verdict map: workload interface → jump to its <c>cali-tw-</c> chain.</summary>
    public static SetName ToWorkloadDispatch { get; } = "cali-to-wl-dispatch";

    /// <summary>Verdict map: host interface → jump to its <c>cali-fh-</c> chain (traffic into the host).</summary>
    public static SetName FromHostEndpointDispatch { get; } = "cali-from-hep-dispatch";

    /// <summary>Verdict map: host interface → jump to its <c>cali-th-</c> chain (traffic out of the host).</summary>
    public static SetName ToHostEndpointDispatch { get; } = "cali-to-hep-dispatch";

    /// <summary>Verdict map: host interface → jump to its <c>cali-fhfw-</c> chain (forwarded traffic coming in through it).</summary>
    public static SetName FromHostEndpointForwardDispatch { get; } = "cali-from-hep-fwd-dispatch";

    /// <summary>Verdict map: host interface → jump to its <c>cali-thfw-</c> chain (forwarded traffic leaving through it).</summary>
    public static SetName ToHostEndpointForwardDispatch { get; } = "cali-to-hep-fwd-dispatch";

    /// <summary>Base chain on the forward hook (filter priority).</summary>
    public static ChainName Forward { get; } = "cali-FORWARD";

    /// <summary>Base chain on the input hook (filter priority).</summary>
    public static ChainName Input { get; } = "cali-INPUT";

    /// <summary>Base chain on the output hook (filter priority).</summary>
    public static ChainName Output { get; } = "cali-OUTPUT";

    /// <summary>Traffic from a workload to its own host: egress policy, then defaultEndpointToHostAction.</summary>
    public static ChainName WorkloadToHost { get; } = "cali-wl-to-host";

    /// <summary>The underlay addresses of every node with a VXLAN tunnel endpoint (Felix's all-vxlan-net): VXLAN from and to them is accepted before host endpoint policy.</summary>
    public const string AllVxlanHostsV4 = "cali40all-vxlan-net";

    /// <summary>Failsafe ports into host endpoints.</summary>
    public static ChainName FailsafeIn { get; } = "cali-failsafe-in";

    /// <summary>Failsafe ports out of host endpoints.</summary>
    public static ChainName FailsafeOut { get; } = "cali-failsafe-out";

    /// <summary>Policy of host endpoints on traffic into the host (all-interfaces endpoint, then per-interface dispatch).</summary>
    public static ChainName FromHostEndpoint { get; } = "cali-from-host-endpoint";

    /// <summary>Policy of host endpoints on traffic out of the host.</summary>
    public static ChainName ToHostEndpoint { get; } = "cali-to-host-endpoint";

    /// <summary>applyOnForward policy of host endpoints on forwarded traffic arriving through them.</summary>
    public static ChainName FromHostEndpointForward { get; } = "cali-from-hep-forward";

    /// <summary>applyOnForward policy of host endpoints on forwarded traffic leaving through them.</summary>
    public static ChainName ToHostEndpointForward { get; } = "cali-to-hep-forward";

    /// <summary>The kernel name of one IP version's variant of an IP set (<paramref name="ipVersion"/> 4 or 6).</summary>
    public static SetName IpSet(IpSetId id, int ipVersion)
    {
        var prefix = ipVersion switch
        {
            4 => IpSetV4Prefix,
            6 => IpSetV6Prefix,
            _ => throw new ArgumentOutOfRangeException(nameof(ipVersion), ipVersion, "4 or 6"),
        };
        ArgumentException.ThrowIfNullOrEmpty(id.Value, nameof(id));
        var name = prefix + id.Value.Replace(':', '-');
        return SetName.IsValid(name, out _) ? new SetName(name) : new SetName(prefix + "_" + Hash(id.Value, 40));
    }

    /// <summary>The chain of a policy's rules for one direction.</summary>
    public static ChainName PolicyChain(PolicyId id, PolicyType direction)
    {
        var prefix = direction == PolicyType.Ingress ? PolicyIngressPrefix : PolicyEgressPrefix;
        return Readable(prefix, ReadablePolicyKey(id)) ?? Hashed(prefix, $"{id.Kind}\0{id.Namespace}\0{id.Name}");
    }

    /// <summary>The chain of a profile's rules for one direction.</summary>
    public static ChainName ProfileChain(string profile, PolicyType direction)
    {
        ArgumentException.ThrowIfNullOrEmpty(profile);
        var prefix = direction == PolicyType.Ingress ? ProfileIngressPrefix : ProfileEgressPrefix;
        return Readable(prefix, IsReadablePart(profile, allowUnderscore: true) ? profile : null) ?? Hashed(prefix, profile);
    }

    /// <summary><c>cali-tw-IFACE</c>: the ingress policy of the workload behind <paramref name="interfaceName"/>.</summary>
    public static ChainName ToWorkload(string interfaceName) => InterfaceChain(ToWorkloadPrefix, interfaceName);

    /// <summary><c>cali-fw-IFACE</c>: the egress policy of the workload behind <paramref name="interfaceName"/>.</summary>
    public static ChainName FromWorkload(string interfaceName) => InterfaceChain(FromWorkloadPrefix, interfaceName);

    /// <summary><c>cali-th-IFACE</c>: the egress policy of the host endpoint (packets leaving the host through it).</summary>
    public static ChainName ToHostEndpointChain(string interfaceName) => InterfaceChain(ToHostEndpointPrefix, interfaceName);

    /// <summary><c>cali-fh-IFACE</c>: the ingress policy of the host endpoint (packets entering the host through it).</summary>
    public static ChainName FromHostEndpointChain(string interfaceName) => InterfaceChain(FromHostEndpointPrefix, interfaceName);

    /// <summary><c>cali-thfw-IFACE</c>: forwarded packets leaving through the host endpoint (its applyOnForward egress policy).</summary>
    public static ChainName ToHostEndpointForwardChain(string interfaceName) => InterfaceChain(ToHostEndpointForwardPrefix, interfaceName);

    /// <summary><c>cali-fhfw-IFACE</c>: forwarded packets arriving through the host endpoint (its applyOnForward ingress policy).</summary>
    public static ChainName FromHostEndpointForwardChain(string interfaceName) => InterfaceChain(FromHostEndpointForwardPrefix, interfaceName);

    private static ChainName InterfaceChain(string prefix, string interfaceName)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        var safe = interfaceName.Length > 0 && interfaceName[0] != '_' && interfaceName.All(NftCharacter);
        return Readable(prefix, safe ? interfaceName : null) ?? Hashed(prefix, interfaceName);
    }

    private static string? ReadablePolicyKey(PolicyId id)
    {
        if (!IsReadablePart(id.Name, allowUnderscore: false))
        {
            return null;
        }

        if (id.Namespace is null)
        {
            return id.Kind == PolicyKind.GlobalNetworkPolicy ? id.Name : null;
        }

        if (!IsReadablePart(id.Namespace, allowUnderscore: false))
        {
            return null;
        }

        var isKubernetesName = id.Name.StartsWith("knp.default.", StringComparison.Ordinal);
        var kindAgrees = id.Kind switch
        {
            PolicyKind.KubernetesNetworkPolicy => isKubernetesName,
            PolicyKind.NetworkPolicy => !isKubernetesName,
            _ => false,
        };
        return kindAgrees ? $"{id.Namespace}_{id.Name}" : null;
    }

    private static ChainName? Readable(string prefix, string? key) =>
        key is not null && prefix.Length + key.Length <= MaxReadableChainLength ? new ChainName(prefix + key) : default(ChainName?);

    private static ChainName Hashed(string prefix, string identity) =>
        new(prefix + "_" + Hash(identity, MaxReadableChainLength - prefix.Length - 1));

    private static string Hash(string identity, int length) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..length];

    private static bool IsReadablePart(string text, bool allowUnderscore)
    {
        if (text.Length == 0 || !(char.IsAsciiLetterLower(text[0]) || char.IsAsciiDigit(text[0])))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-' || (allowUnderscore && c == '_')))
            {
                return false;
            }
        }

        return true;
    }

    private static bool NftCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';
}
