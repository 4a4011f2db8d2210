using System.Text.Json.Serialization;

namespace Calico.Api.Values;

/// <summary>A policy or profile rule (projectcalico.org/v3 Rule).</summary>
public sealed class Rule
{
    public RuleAction? Action { get; set; }

    public int? IpVersion { get; set; }

    public Protocol? Protocol { get; set; }

    [JsonPropertyName("icmp")]
    public IcmpFields? Icmp { get; set; }

    public Protocol? NotProtocol { get; set; }

    [JsonPropertyName("notICMP")]
    public IcmpFields? NotIcmp { get; set; }

    public EntityRule? Source { get; set; }

    public EntityRule? Destination { get; set; }

    public HttpMatch? Http { get; set; }

    public RuleMetadata? Metadata { get; set; }
}

public sealed class IcmpFields
{
    public int? Type { get; set; }

    public int? Code { get; set; }
}

public sealed class HttpMatch
{
    public List<string>? Methods { get; set; }

    public List<HttpPath>? Paths { get; set; }
}

public sealed class HttpPath
{
    public string? Exact { get; set; }

    public string? Prefix { get; set; }
}

public sealed class RuleMetadata
{
    public SortedDictionary<string, string>? Annotations { get; set; }
}

/// <summary>The source or destination of a rule.</summary>
public sealed class EntityRule
{
    public List<string>? Nets { get; set; }

    public string? Selector { get; set; }

    public string? NamespaceSelector { get; set; }

    public List<Port>? Ports { get; set; }

    public List<string>? NotNets { get; set; }

    public string? NotSelector { get; set; }

    public List<Port>? NotPorts { get; set; }

    public ServiceAccountMatch? ServiceAccounts { get; set; }

    public ServiceMatch? Services { get; set; }
}

public sealed class ServiceAccountMatch
{
    public List<string>? Names { get; set; }

    public string? Selector { get; set; }
}

public sealed class ServiceMatch
{
    public string? Name { get; set; }

    public string? Namespace { get; set; }
}

/// <summary>A named port on an endpoint (HostEndpoint, WorkloadEndpoint).</summary>
public sealed class EndpointPort
{
    public string? Name { get; set; }

    public Protocol? Protocol { get; set; }

    public int? Port { get; set; }

    public int? HostPort { get; set; }

    [JsonPropertyName("hostIP")]
    public string? HostIp { get; set; }
}
