using System.Globalization;
using System.Net;
using System.Text;

namespace Calico.Policy.Evaluation;

/// <summary>
/// Whether a flow is allowed: the source endpoint's egress verdict (if the source is an endpoint), then
/// the destination endpoint's ingress verdict (if the destination is one and egress allowed the packet).
/// </summary>
public sealed record FlowVerdict
{
    /// <summary>The flow evaluated.</summary>
    public required Flow Flow { get; init; }

    /// <summary>True when the packet reaches its destination.</summary>
    public required bool Allowed { get; init; }

    /// <summary>The source address used.</summary>
    public required IPAddress SourceAddress { get; init; }

    /// <summary>The destination address used.</summary>
    public required IPAddress DestinationAddress { get; init; }

    /// <summary>The source's display name (<c>x/a</c>, <c>host:eth0</c>) or its address.</summary>
    public required string SourceName { get; init; }

    /// <summary>The destination's display name or its address.</summary>
    public required string DestinationName { get; init; }

    /// <summary>The IP version of the flow.</summary>
    public required int IpVersion { get; init; }

    /// <summary>The source endpoint's egress verdict, or null (bare address, or not policed).</summary>
    public DirectionVerdict? Egress { get; init; }

    /// <summary>The destination endpoint's ingress verdict, or null (bare address, not policed, or egress denied).</summary>
    public DirectionVerdict? Ingress { get; init; }

    /// <summary>Steps outside either endpoint's policy (loopback, host to local workload, workload to own host).</summary>
    public IReadOnlyList<TraceStep> Notes { get; init; } = [];

    /// <summary>E.g. <c>ALLOW TCP x/a (10.0.0.1) -&gt; y/b (10.0.1.2):80</c>.</summary>
    public string Summary
    {
        get
        {
            var text = $"{(Allowed ? "ALLOW" : "DENY")} {ProtocolNames.Of(Flow.Protocol)} {Describe(SourceName, SourceAddress)} -> {Describe(DestinationName, DestinationAddress)}";
            if (Flow.DestinationPort is { } port)
            {
                text += ":" + port.ToString(CultureInfo.InvariantCulture);
            }

            if (Flow.IcmpType is { } type)
            {
                text += $" type {type}" + (Flow.IcmpCode is { } code ? $" code {code}" : string.Empty);
            }

            return text;
        }
    }

    /// <summary>The summary, the notes, then each direction with its trace: what <c>calicoctl policy trace</c> prints.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(Summary);
        foreach (var note in Notes)
        {
            builder.Append("\n  ").Append(note.Text);
        }

        foreach (var verdict in new[] { Egress, Ingress })
        {
            if (verdict is null)
            {
                continue;
            }

            builder.Append("\n  ").Append(verdict.Summary);
            verdict.AppendSteps(builder, "    ");
        }

        return builder.ToString();
    }

    private static string Describe(string name, IPAddress address)
    {
        var text = address.ToString();
        return string.Equals(name, text, StringComparison.Ordinal) ? text : $"{name} ({text})";
    }
}
