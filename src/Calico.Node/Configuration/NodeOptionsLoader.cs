using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Calico.Node.Configuration;

/// <summary>
/// Reads NODENAME, FELIX_HEALTHENABLED, FELIX_HEALTHHOST, FELIX_HEALTHPORT, FELIX_PROMETHEUSMETRICSENABLED,
/// FELIX_PROMETHEUSMETRICSHOST, FELIX_PROMETHEUSMETRICSPORT, FELIX_LOGSEVERITYSCREEN, FELIX_NFTABLESREFRESHINTERVAL, FELIX_USEINTERNALDATAPLANEDRIVER and
/// FELIX_ALLOWINITIALNETWORKNAMESPACE; a bad value is an error that
/// names the variable and what it accepts.
/// </summary>
public static class NodeOptionsLoader
{
    public static NodeOptions Load(IReadOnlyDictionary<string, string?> environment, Func<string> hostName)
    {
        string? Get(string name) => environment.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        var defaults = new NodeOptions { NodeName = string.Empty };
        return new NodeOptions
        {
            NodeName = Get("NODENAME") ?? Get("HOSTNAME") ?? hostName().ToLowerInvariant(),
            HealthEnabled = Bool(Get("FELIX_HEALTHENABLED"), "FELIX_HEALTHENABLED", defaults.HealthEnabled),
            HealthHost = Get("FELIX_HEALTHHOST") ?? defaults.HealthHost,
            HealthPort = Port(Get("FELIX_HEALTHPORT"), "FELIX_HEALTHPORT", defaults.HealthPort),
            MetricsEnabled = Bool(Get("FELIX_PROMETHEUSMETRICSENABLED"), "FELIX_PROMETHEUSMETRICSENABLED", defaults.MetricsEnabled),
            MetricsHost = Get("FELIX_PROMETHEUSMETRICSHOST") ?? defaults.MetricsHost,
            MetricsPort = Port(Get("FELIX_PROMETHEUSMETRICSPORT"), "FELIX_PROMETHEUSMETRICSPORT", defaults.MetricsPort),
            LogLevel = Level(Get("FELIX_LOGSEVERITYSCREEN")),
            UseInternalDataplaneDriver = Bool(Get("FELIX_USEINTERNALDATAPLANEDRIVER"), "FELIX_USEINTERNALDATAPLANEDRIVER", defaults.UseInternalDataplaneDriver),
            RefreshInterval = Seconds(Get("FELIX_NFTABLESREFRESHINTERVAL"), "FELIX_NFTABLESREFRESHINTERVAL", defaults.RefreshInterval),
            AllowInitialNetworkNamespace = Bool(Get("FELIX_ALLOWINITIALNETWORKNAMESPACE"), "FELIX_ALLOWINITIALNETWORKNAMESPACE", defaults.AllowInitialNetworkNamespace),
        };
    }

    private static bool Bool(string? text, string name, bool fallback) => text?.ToLowerInvariant() switch
    {
        null => fallback,
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new NodeConfigurationException($"{name}=\"{text}\" is not true or false"),
    };

    private static TimeSpan Seconds(string? text, string name, TimeSpan fallback)
    {
        if (text is null)
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 0.1 and <= 86400
            ? TimeSpan.FromSeconds(seconds)
            : throw new NodeConfigurationException($"{name}=\"{text}\" is not a number of seconds between 0.1 and 86400");
    }

    private static int Port(string? text, string name, int fallback)
    {
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535
            ? port
            : throw new NodeConfigurationException($"{name}=\"{text}\" is not a port number (0-65535)");
    }

    private static LogLevel Level(string? text) => text?.ToUpperInvariant() switch
    {
        null or "INFO" => LogLevel.Information,
        "DEBUG" => LogLevel.Debug,
        "TRACE" => LogLevel.Trace,
        "WARNING" or "WARN" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        "FATAL" or "PANIC" => LogLevel.Critical,
        "NONE" => LogLevel.None,
        _ => throw new NodeConfigurationException($"FELIX_LOGSEVERITYSCREEN=\"{text}\" is not one of DEBUG, INFO, WARNING, ERROR, FATAL, NONE"),
    };
}

/// <summary>A configuration error; the message names the environment variable to fix.</summary>
public sealed class NodeConfigurationException(string message) : Exception(message);
