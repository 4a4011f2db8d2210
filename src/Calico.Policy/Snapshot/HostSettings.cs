using Calico.Api.Resources;

namespace Calico.Policy.Snapshot;

/// <summary>The FelixConfiguration settings that affect policy on one node.</summary>
public sealed record HostSettings
{
    /// <summary>Felix's defaults (felix/config/config_params.go).</summary>
    public static HostSettings Default { get; } = new()
    {
        FailsafeInbound = Parse(["tcp:22", "udp:68", "tcp:179", "tcp:2379", "tcp:2380", "tcp:5473", "tcp:6443", "tcp:6666", "tcp:6667"]),
        FailsafeOutbound = Parse(["udp:53", "udp:67", "tcp:179", "tcp:2379", "tcp:2380", "tcp:5473", "tcp:6443", "tcp:6666", "tcp:6667"]),
        DefaultEndpointToHostAction = EndpointToHostAction.Drop,
    };

    /// <summary>Ports always allowed into host endpoints.</summary>
    public IReadOnlyList<FailsafePort> FailsafeInbound { get; init; } = [];

    /// <summary>Ports always allowed out of host endpoints.</summary>
    public IReadOnlyList<FailsafePort> FailsafeOutbound { get; init; } = [];

    /// <summary>What happens to traffic from a workload to its own host.</summary>
    public EndpointToHostAction DefaultEndpointToHostAction { get; init; } = EndpointToHostAction.Drop;

    /// <summary>
    /// These settings overridden by <paramref name="spec"/>'s fields that are set; an empty failsafe list
    /// means none.
    /// </summary>
    public HostSettings OverriddenBy(FelixConfigurationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return this with
        {
            FailsafeInbound = spec.FailsafeInboundHostPorts is { } inbound ? Convert(inbound) : FailsafeInbound,
            FailsafeOutbound = spec.FailsafeOutboundHostPorts is { } outbound ? Convert(outbound) : FailsafeOutbound,
            DefaultEndpointToHostAction = ParseAction(spec.DefaultEndpointToHostAction) ?? DefaultEndpointToHostAction,
        };
    }

    private static EndpointToHostAction? ParseAction(string? text) => text?.ToUpperInvariant() switch
    {
        "DROP" => EndpointToHostAction.Drop,
        "ACCEPT" => EndpointToHostAction.Accept,
        "RETURN" => EndpointToHostAction.Return,
        _ => null,
    };

    private static FailsafePort[] Convert(List<ProtoPort> ports)
    {
        var result = new List<FailsafePort>(ports.Count);
        foreach (var port in ports)
        {
            if (port.Port is not { } number || !Evaluation.ProtocolNames.TryParse(port.Protocol ?? "tcp", out var protocol))
            {
                continue;
            }

            Core.Cidr? net = Core.Cidr.TryParseLenient(port.Net, out var cidr) ? cidr : null;
            result.Add(new FailsafePort(protocol, number, net));
        }

        return [.. result];
    }

    private static FailsafePort[] Parse(string[] entries)
    {
        var result = new FailsafePort[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var colon = entries[i].IndexOf(':', StringComparison.Ordinal);
            _ = Evaluation.ProtocolNames.TryParse(entries[i][..colon], out var protocol);
            result[i] = new FailsafePort(protocol, int.Parse(entries[i][(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        }

        return result;
    }
}
