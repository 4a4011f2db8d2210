using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Calico.Api.Resources;
using Calico.Api.Values;
using Calico.Core;

namespace Calico.Api.Validation;

/// <summary>Checks endpoints, nodes, BGP, Felix and IPAM kinds.</summary>
public static partial class InfrastructureValidator
{
    private static readonly string[] LogLevels = ["Trace", "Debug", "Info", "Warning", "Error", "Fatal", "Panic", "None"];

    public static void Check(ValidationErrors errors, Resource resource)
    {
        switch (resource)
        {
            case HostEndpoint hep:
                CheckHostEndpoint(errors, hep.Spec);
                break;
            case WorkloadEndpoint wep:
                CheckWorkloadEndpoint(errors, wep.Spec);
                break;
            case Node node:
                CheckNode(errors, node.Spec);
                break;
            case BGPPeer peer:
                CheckBgpPeer(errors, peer.Spec);
                break;
            case BGPConfiguration config:
                CheckSingletonOrNodeName(errors, config.Name);
                CheckBgpConfiguration(errors, config.Spec);
                break;
            case FelixConfiguration config:
                CheckSingletonOrNodeName(errors, config.Name);
                CheckFelixConfiguration(errors, config.Spec);
                break;
            case ClusterInformation or KubeControllersConfiguration or IPAMConfiguration:
                if (!string.Equals(resource.Name, "default", StringComparison.Ordinal))
                {
                    errors.Add("metadata.name", $"must be \"default\" ({resource.GetType().Name} is a singleton)");
                }

                if (resource is IPAMConfiguration { Spec.MaxBlocksPerHost: < 0 })
                {
                    errors.Add("spec.maxBlocksPerHost", "cannot be negative");
                }

                break;
            case IPAMBlock block:
                CheckCidr(errors, "spec.cidr", block.Spec.Cidr);
                break;
            case BlockAffinity affinity:
                CheckCidr(errors, "spec.cidr", affinity.Spec.Cidr);
                if (affinity.Spec.State is not (null or "" or "pending" or "confirmed" or "pendingDeletion"))
                {
                    errors.Add("spec.state", $"\"{affinity.Spec.State}\" is not pending, confirmed or pendingDeletion");
                }

                if (string.IsNullOrEmpty(affinity.Spec.Node))
                {
                    errors.Add("spec.node", "is required");
                }

                break;
            case IPAMHandle handle:
                if (string.IsNullOrEmpty(handle.Spec.HandleId))
                {
                    errors.Add("spec.handleID", "is required");
                }

                break;
        }
    }

    private static void CheckCidr(ValidationErrors errors, string path, string? text)
    {
        if (!Cidr.TryParse(text, out _, out var problem))
        {
            errors.Add(path, problem);
        }
    }

    private static void CheckSingletonOrNodeName(ValidationErrors errors, string name)
    {
        if (!string.Equals(name, "default", StringComparison.Ordinal) && !name.StartsWith("node.", StringComparison.Ordinal))
        {
            errors.Add("metadata.name", $"\"{name}\" must be \"default\" (global) or \"node.<nodename>\" (per node)");
        }
    }

    private static void CheckHostEndpoint(ValidationErrors errors, HostEndpointSpec s)
    {
        if (string.IsNullOrEmpty(s.Node))
        {
            errors.Add("spec.node", "is required");
        }

        if (string.IsNullOrEmpty(s.InterfaceName) && s.ExpectedIps is not { Count: > 0 })
        {
            errors.Add("spec.interfaceName", "an interfaceName or expectedIPs is required");
        }

        for (var i = 0; i < (s.ExpectedIps?.Count ?? 0); i++)
        {
            NetRules.CheckIp(errors, $"spec.expectedIPs[{i}]", s.ExpectedIps![i]);
        }

        CheckProfiles(errors, s.Profiles);
        CheckEndpointPorts(errors, s.Ports);
    }

    private static void CheckWorkloadEndpoint(ValidationErrors errors, WorkloadEndpointSpec s)
    {
        if (s.InterfaceName is { Length: > 15 })
        {
            errors.Add("spec.interfaceName", $"\"{s.InterfaceName}\" is longer than 15 characters (a Linux interface name limit)");
        }

        for (var i = 0; i < (s.IpNetworks?.Count ?? 0); i++)
        {
            var text = s.IpNetworks![i];
            if (!Cidr.TryParseLenient(text, out var cidr) || cidr.PrefixLength != cidr.MaxPrefixLength)
            {
                errors.Add($"spec.ipNetworks[{i}]", $"\"{text}\" must be a single address (/32 or /128)");
            }
        }

        if (s.Mac is { Length: > 0 } mac && !NetRules.IsMac(mac))
        {
            errors.Add("spec.mac", $"\"{mac}\" is not a MAC address (xx:xx:xx:xx:xx:xx)");
        }

        CheckProfiles(errors, s.Profiles);
        CheckEndpointPorts(errors, s.Ports);
    }

    private static void CheckProfiles(ValidationErrors errors, List<string>? profiles)
    {
        for (var i = 0; i < (profiles?.Count ?? 0); i++)
        {
            if (NameRules.CheckSubdomain(profiles![i]) is { } problem)
            {
                errors.Add($"spec.profiles[{i}]", problem);
            }
        }
    }

    private static void CheckEndpointPorts(ValidationErrors errors, List<EndpointPort>? ports)
    {
        for (var i = 0; i < (ports?.Count ?? 0); i++)
        {
            var port = ports![i];
            var path = $"spec.ports[{i}]";
            if (string.IsNullOrEmpty(port.Name) || !PortNames.IsValid(port.Name))
            {
                errors.Add(path + ".name", $"\"{port.Name}\" is not a valid port name");
            }

            if (port.Protocol is not { SupportsPorts: true })
            {
                errors.Add(path + ".protocol", "must be TCP, UDP or SCTP");
            }

            if (port.Port is not (>= 1 and <= 65535))
            {
                errors.Add(path + ".port", "must be from 1 to 65535");
            }
        }
    }

    private static void CheckNode(ValidationErrors errors, NodeSpec s)
    {
        if (s.Bgp is { } bgp)
        {
            CheckAsNumber(errors, "spec.bgp.asNumber", bgp.AsNumber);
            if (bgp.Ipv4Address is { Length: > 0 } v4 && (!Cidr.TryParseLenient(v4, out var c4) || !c4.IsIPv4))
            {
                errors.Add("spec.bgp.ipv4Address", $"\"{v4}\" is not an IPv4 address in CIDR form (e.g. 10.0.0.1/24)");
            }

            if (bgp.Ipv6Address is { Length: > 0 } v6 && (!Cidr.TryParseLenient(v6, out var c6) || c6.IsIPv4))
            {
                errors.Add("spec.bgp.ipv6Address", $"\"{v6}\" is not an IPv6 address in CIDR form");
            }
        }

        if (s.Ipv4VxlanTunnelAddr is { Length: > 0 } tunnel)
        {
            NetRules.CheckIp(errors, "spec.ipv4VXLANTunnelAddr", tunnel);
        }

        if (s.VxlanTunnelMacAddr is { Length: > 0 } mac && !NetRules.IsMac(mac))
        {
            errors.Add("spec.vxlanTunnelMACAddr", $"\"{mac}\" is not a MAC address");
        }
    }

    private static void CheckBgpPeer(ValidationErrors errors, BGPPeerSpec s)
    {
        if (!string.IsNullOrEmpty(s.Node) && !string.IsNullOrEmpty(s.NodeSelector))
        {
            errors.Add("spec.nodeSelector", "node and nodeSelector cannot both be set");
        }

        if (!string.IsNullOrEmpty(s.PeerIp) && !string.IsNullOrEmpty(s.PeerSelector))
        {
            errors.Add("spec.peerSelector", "peerIP and peerSelector cannot both be set");
        }

        if (s.AsNumber is not null && !string.IsNullOrEmpty(s.PeerSelector))
        {
            errors.Add("spec.asNumber", "asNumber and peerSelector cannot both be set (the peers' own AS numbers are used)");
        }

        if (!string.IsNullOrEmpty(s.PeerIp) && !IsPeerAddress(s.PeerIp))
        {
            errors.Add("spec.peerIP", $"\"{s.PeerIp}\" is not IP, IP:PORT or [IPv6]:PORT");
        }

        CheckAsNumber(errors, "spec.asNumber", s.AsNumber);
        CheckAsNumber(errors, "spec.localASNumber", s.LocalAsNumber);
        SelectorRules.Check(errors, "spec.nodeSelector", s.NodeSelector, allowGlobal: false);
        SelectorRules.Check(errors, "spec.peerSelector", s.PeerSelector, allowGlobal: false);
        SelectorRules.Check(errors, "spec.localWorkloadSelector", s.LocalWorkloadSelector, allowGlobal: false);
        if (s.SourceAddress is not (null or "UseNodeIP" or "None"))
        {
            errors.Add("spec.sourceAddress", $"\"{s.SourceAddress}\" is not UseNodeIP or None");
        }

        CheckDuration(errors, "spec.keepaliveTime", s.KeepaliveTime);
        CheckDuration(errors, "spec.maxRestartTime", s.MaxRestartTime);
    }

    private static bool IsPeerAddress(string text)
    {
        if (IPAddress.TryParse(text, out _) && !text.Contains('/', StringComparison.Ordinal))
        {
            return !text.Contains(':', StringComparison.Ordinal) || !text.Contains('.', StringComparison.Ordinal) || text.Count(c => c == ':') > 1;
        }

        return IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port > 0
            && (endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork || text.StartsWith('['));
    }

    private static void CheckBgpConfiguration(ValidationErrors errors, BGPConfigurationSpec s)
    {
        CheckAsNumber(errors, "spec.asNumber", s.AsNumber);
        CheckLogLevel(errors, "spec.logSeverityScreen", s.LogSeverityScreen);
        if (s.ListenPort is { } port && port is < 1 or > 65535)
        {
            errors.Add("spec.listenPort", "must be from 1 to 65535");
        }

        CheckServiceCidrs(errors, "spec.serviceClusterIPs", s.ServiceClusterIps);
        CheckServiceCidrs(errors, "spec.serviceExternalIPs", s.ServiceExternalIps);
        CheckServiceCidrs(errors, "spec.serviceLoadBalancerIPs", s.ServiceLoadBalancerIps);
        for (var i = 0; i < (s.PrefixAdvertisements?.Count ?? 0); i++)
        {
            NetRules.CheckNet(errors, $"spec.prefixAdvertisements[{i}].cidr", s.PrefixAdvertisements![i].Cidr);
        }
    }

    private static void CheckServiceCidrs(ValidationErrors errors, string path, List<ServiceCidr>? cidrs)
    {
        for (var i = 0; i < (cidrs?.Count ?? 0); i++)
        {
            NetRules.CheckNet(errors, $"{path}[{i}].cidr", cidrs![i].Cidr);
        }
    }

    private static void CheckFelixConfiguration(ValidationErrors errors, FelixConfigurationSpec s)
    {
        CheckLogLevel(errors, "spec.logSeverityScreen", s.LogSeverityScreen);
        CheckLogLevel(errors, "spec.logSeverityFile", s.LogSeverityFile);
        CheckPort(errors, "spec.healthPort", s.HealthPort);
        CheckPort(errors, "spec.prometheusMetricsPort", s.PrometheusMetricsPort);
        CheckPort(errors, "spec.vxlanPort", s.VxlanPort);
        if (s.VxlanVni is { } vni && vni is < 1 or > 16777215)
        {
            errors.Add("spec.vxlanVNI", "must be from 1 to 16777215");
        }

        if (s.InterfacePrefix is { Length: 0 })
        {
            errors.Add("spec.interfacePrefix", "cannot be empty");
        }

        if (s.DefaultEndpointToHostAction is not (null or "Drop" or "Return" or "Accept"))
        {
            errors.Add("spec.defaultEndpointToHostAction", $"\"{s.DefaultEndpointToHostAction}\" is not Drop, Return or Accept");
        }

        CheckDuration(errors, "spec.routeRefreshInterval", s.RouteRefreshInterval);
        CheckDuration(errors, "spec.iptablesRefreshInterval", s.IptablesRefreshInterval);
        CheckDuration(errors, "spec.nftablesRefreshInterval", s.NftablesRefreshInterval);
        CheckDuration(errors, "spec.reportingInterval", s.ReportingInterval);
        foreach (var (list, name) in new[] { (s.FailsafeInboundHostPorts, "failsafeInboundHostPorts"), (s.FailsafeOutboundHostPorts, "failsafeOutboundHostPorts") })
        {
            for (var i = 0; i < (list?.Count ?? 0); i++)
            {
                var entry = list![i];
                if (entry.Protocol is not (null or "TCP" or "UDP" or "SCTP" or "tcp" or "udp" or "sctp"))
                {
                    errors.Add($"spec.{name}[{i}].protocol", $"\"{entry.Protocol}\" is not TCP, UDP or SCTP");
                }

                CheckPort(errors, $"spec.{name}[{i}].port", entry.Port);
            }
        }
    }

    private static void CheckAsNumber(ValidationErrors errors, string path, long? asNumber)
    {
        if (asNumber is { } value && value is < 0 or > uint.MaxValue)
        {
            errors.Add(path, $"{value} is not an AS number (0 to 4294967295)");
        }
    }

    private static void CheckPort(ValidationErrors errors, string path, int? port)
    {
        if (port is { } value && value is < 0 or > 65535)
        {
            errors.Add(path, $"{value} is not a port (0 to 65535)");
        }
    }

    private static void CheckLogLevel(ValidationErrors errors, string path, string? level)
    {
        if (level is not null && !LogLevels.Contains(level, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add(path, $"\"{level}\" is not one of {string.Join(", ", LogLevels)}");
        }
    }

    private static void CheckDuration(ValidationErrors errors, string path, string? duration)
    {
        if (duration is not null && !DurationPattern().IsMatch(duration))
        {
            errors.Add(path, $"\"{duration}\" is not a duration (e.g. 90s, 1m30s, 500ms)");
        }
    }

    [GeneratedRegex(@"^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$|^0$")]
    private static partial Regex DurationPattern();

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
