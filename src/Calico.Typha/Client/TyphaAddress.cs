using System.Globalization;

namespace Calico.Typha.Client;

/// <summary>One Typha's host and port.</summary>
public readonly record struct TyphaAddress(string Host, int Port)
{
    /// <summary>Parses a comma-separated list of host:port (port defaults to 5473; IPv6 as [addr]:port).</summary>
    /// <param name="text">The list.</param>
    /// <param name="variable">The variable it came from, for errors.</param>
    public static IReadOnlyList<TyphaAddress> ParseList(string text, string variable)
    {
        var addresses = new List<TyphaAddress>();
        foreach (var entry in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = entry.LastIndexOf(':');
            var bracketed = entry.StartsWith('[');
            if (colon < 0 || (bracketed && colon < entry.IndexOf(']', StringComparison.Ordinal)))
            {
                addresses.Add(new TyphaAddress(entry.Trim('[', ']'), Protocol.TyphaProtocol.DefaultPort));
                continue;
            }

            var host = entry[..colon].Trim('[', ']');
            if (host.Length == 0 || !int.TryParse(entry[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                throw new TyphaConfigurationException($"{variable}=\"{text}\": \"{entry}\" is not host:port (port 1-65535)");
            }

            addresses.Add(new TyphaAddress(host, port));
        }

        return addresses.Count > 0 ? addresses : throw new TyphaConfigurationException($"{variable}=\"{text}\" names no address (host:port, comma-separated)");
    }

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
