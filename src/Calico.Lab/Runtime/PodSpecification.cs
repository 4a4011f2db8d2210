using System.Globalization;

namespace Calico.Lab.Runtime;

/// <summary>What `calico-lab pod add` was told: NS/NAME, labels, named ports, service account and node.</summary>
internal sealed record PodSpecification(string Namespace, string Name, IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<(string Name, int Port, string Protocol)> Ports, string ServiceAccount, string? Node)
{
    public static (string Namespace, string Name) ParseName(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var (ns, name) = slash < 0 ? ("default", text) : (text[..slash], text[(slash + 1)..]);
        if (ns.Length == 0 || name.Length == 0 || name.Contains('/', StringComparison.Ordinal))
        {
            throw new LabException($"\"{text}\" is not NAMESPACE/NAME");
        }

        return (ns, name);
    }

    /// <summary>k=v,k=v.</summary>
    public static Dictionary<string, string> ParseLabels(string? text)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new LabException($"--labels: \"{pair}\" is not key=value");
            }

            labels[pair[..equals]] = pair[(equals + 1)..];
        }

        return labels;
    }

    /// <summary>NAME=PORT/PROTO,... (protocol defaults to TCP).</summary>
    public static List<(string, int, string)> ParsePorts(string? text)
    {
        var ports = new List<(string, int, string)>();
        foreach (var entry in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            var rest = equals > 0 ? entry[(equals + 1)..] : string.Empty;
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var portText = slash < 0 ? rest : rest[..slash];
            var protocol = slash < 0 ? "TCP" : rest[(slash + 1)..].ToUpperInvariant();
            if (equals <= 0 || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535
                || protocol is not ("TCP" or "UDP" or "SCTP"))
            {
                throw new LabException($"--ports: \"{entry}\" is not NAME=PORT/PROTO (e.g. http=8080/TCP)");
            }

            ports.Add((entry[..equals], port, protocol));
        }

        return ports;
    }
}
