using System.Globalization;
using Calico.Node.Startup;
using Calico.Typha;
using Calico.Typha.Client;
using Calico.Typha.Tls;
using Microsoft.Extensions.Logging;

namespace Calico.Node.Configuration;

/// <summary>
/// Reads NODENAME, FELIX_HEALTHENABLED, FELIX_HEALTHHOST, FELIX_HEALTHPORT, FELIX_PROMETHEUSMETRICSENABLED,
/// FELIX_PROMETHEUSMETRICSHOST, FELIX_PROMETHEUSMETRICSPORT, FELIX_LOGSEVERITYSCREEN, FELIX_NFTABLESREFRESHINTERVAL, FELIX_USEINTERNALDATAPLANEDRIVER and
/// FELIX_ALLOWINITIALNETWORKNAMESPACE, and for the Node registration IP, IP_AUTODETECTION_METHOD, AS and
/// CALICO_NETWORKING_BACKEND, CALICO_BIRD_CONFIG, CALICO_BIRD_SOCKET, CALICO_BIRD_PIDFILE, CALICO_BIRD_BINARY, and for Typha
/// FELIX_TYPHAADDR, FELIX_TYPHACAFILE, FELIX_TYPHACERTFILE, FELIX_TYPHAKEYFILE, FELIX_TYPHACN, FELIX_TYPHAURISAN and
/// FELIX_TYPHAREADTIMEOUT; a bad value is an error that
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
            Ipv4Address = Ipv4AddressSetting.Parse(Get("IP")),
            Ipv4AutodetectionMethod = AutodetectionMethod.Parse(Get(AutodetectionMethod.Variable)),
            AsNumber = AsNumber(Get("AS")),
            NetworkingBackend = Backend(Get("CALICO_NETWORKING_BACKEND")),
            BirdPaths = new Bgp.BirdPaths(
                Get("CALICO_BIRD_CONFIG") ?? Bgp.BirdPaths.Default.Config,
                Get("CALICO_BIRD_SOCKET") ?? Bgp.BirdPaths.Default.Socket,
                Get("CALICO_BIRD_PIDFILE") ?? Bgp.BirdPaths.Default.PidFile),
            BirdBinary = Get("CALICO_BIRD_BINARY") ?? "bird",
            TyphaAddresses = Get("FELIX_TYPHAADDR") is { } typha ? Typha(() => TyphaAddress.ParseList(typha, "FELIX_TYPHAADDR")) : [],
            TyphaTls = Typha(() => TyphaTls(Get)),
            TyphaReadTimeout = Seconds(Get("FELIX_TYPHAREADTIMEOUT"), "FELIX_TYPHAREADTIMEOUT", defaults.TyphaReadTimeout),
        };
    }

    private static T Typha<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (TyphaConfigurationException e)
        {
            throw new NodeConfigurationException(e.Message);
        }
    }

    /// <summary>Calico's rule: all of CA, certificate and key, and a CN or URI SAN the Typha must have; or none (plain TCP).</summary>
    private static TyphaClientTls? TyphaTls(Func<string, string?> get)
    {
        var (ca, cert, key) = (get("FELIX_TYPHACAFILE"), get("FELIX_TYPHACERTFILE"), get("FELIX_TYPHAKEYFILE"));
        var (cn, uriSan) = (get("FELIX_TYPHACN"), get("FELIX_TYPHAURISAN"));
        if (ca is null && cert is null && key is null && cn is null && uriSan is null)
        {
            return null;
        }

        var missing = ca is null ? "FELIX_TYPHACAFILE" : cert is null ? "FELIX_TYPHACERTFILE" : key is null ? "FELIX_TYPHAKEYFILE" : cn is null && uriSan is null ? "FELIX_TYPHACN or FELIX_TYPHAURISAN" : null;
        if (missing is not null)
        {
            throw new TyphaConfigurationException($"TLS to Typha needs FELIX_TYPHACAFILE, FELIX_TYPHACERTFILE, FELIX_TYPHAKEYFILE and FELIX_TYPHACN or FELIX_TYPHAURISAN; {missing} is not set");
        }

        var roots = TyphaTlsFiles.LoadCa(ca!, "FELIX_TYPHACAFILE");
        return new TyphaClientTls(TyphaTlsFiles.LoadCertificate(cert!, "FELIX_TYPHACERTFILE", key!, "FELIX_TYPHAKEYFILE"), new PeerIdentity(roots, cn, uriSan));
    }

    private static bool Bool(string? text, string name, bool fallback) => text?.ToLowerInvariant() switch
    {
        null => fallback,
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new NodeConfigurationException($"{name}=\"{text}\" is not true or false"),
    };

    /// <summary>A plain 32-bit number, or Calico's dotted form HIGH.LOW (each 16 bits): 1.10 is 65546.</summary>
    private static long? AsNumber(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var plain))
        {
            return plain;
        }

        var parts = text.Split('.');
        if (parts.Length == 2
            && ushort.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var high)
            && ushort.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var low))
        {
            return ((long)high << 16) + low;
        }

        throw new NodeConfigurationException($"AS=\"{text}\" is not an AS number (0-4294967295, or dotted HIGH.LOW with each part 0-65535)");
    }

    private static NetworkingBackend Backend(string? text) => text?.ToLowerInvariant() switch
    {
        null or "bird" => NetworkingBackend.Bird,
        "vxlan" => NetworkingBackend.Vxlan,
        "none" => NetworkingBackend.None,
        _ => throw new NodeConfigurationException($"CALICO_NETWORKING_BACKEND=\"{text}\" is not one of bird, vxlan, none"),
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
