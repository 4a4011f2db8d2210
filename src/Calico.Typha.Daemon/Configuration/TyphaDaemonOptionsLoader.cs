using System.Net;
using Calico.Typha.Server;
using Calico.Typha.Tls;

namespace Calico.Typha.Daemon.Configuration;

/// <summary>
/// Reads TYPHA_LISTENADDRESS, TYPHA_SERVERPORT, TYPHA_CAFILE, TYPHA_SERVERCERTFILE, TYPHA_SERVERKEYFILE, TYPHA_CLIENTCN,
/// TYPHA_CLIENTURISAN, TYPHA_MAXCONNECTIONSUPPERLIMIT, TYPHA_MAXCONNECTIONSLOWERLIMIT, TYPHA_CONNECTIONREBALANCINGMODE,
/// TYPHA_CONNECTIONDROPINTERVALSECS, TYPHA_SERVERPINGINTERVALSECS, TYPHA_SERVERPONGTIMEOUTSECS,
/// TYPHA_SERVERHANDSHAKETIMEOUTSECS, TYPHA_MAXFALLBEHINDSECS, TYPHA_MAXFALLBEHINDUPDATES,
/// TYPHA_NEWCLIENTFALLBEHINDGRACEPERIODSECS, TYPHA_HEALTHENABLED, TYPHA_HEALTHHOST, TYPHA_HEALTHPORT,
/// TYPHA_PROMETHEUSMETRICSENABLED, TYPHA_PROMETHEUSMETRICSHOST, TYPHA_PROMETHEUSMETRICSPORT and TYPHA_LOGSEVERITYSCREEN.
/// </summary>
public static class TyphaDaemonOptionsLoader
{
    public static TyphaDaemonOptions Load(IReadOnlyDictionary<string, string?> environment)
    {
        var env = new EnvironmentValues(environment);
        var server = new TyphaServerOptions();
        var daemon = new TyphaDaemonOptions { Server = server };
        var listen = env.Get("TYPHA_LISTENADDRESS") is { } text
            ? IPAddress.TryParse(text, out var address) ? address : throw new TyphaConfigurationException($"TYPHA_LISTENADDRESS=\"{text}\" is not an IP address")
            : server.ListenAddress;
        var lower = env.Count("TYPHA_MAXCONNECTIONSLOWERLIMIT", server.MaxConnectionsLowerLimit, minimum: 1);
        var upper = env.Count("TYPHA_MAXCONNECTIONSUPPERLIMIT", server.MaxConnectionsUpperLimit, minimum: 1);
        if (lower > upper)
        {
            throw new TyphaConfigurationException($"TYPHA_MAXCONNECTIONSLOWERLIMIT={lower} is above TYPHA_MAXCONNECTIONSUPPERLIMIT={upper}");
        }

        return daemon with
        {
            Server = server with
            {
                ListenAddress = listen,
                Port = env.Port("TYPHA_SERVERPORT", server.Port),
                Tls = Tls(env),
                MaxConnectionsLowerLimit = lower,
                MaxConnectionsUpperLimit = upper,
                RebalancingMode = env.Get("TYPHA_CONNECTIONREBALANCINGMODE")?.ToLowerInvariant() switch
                {
                    null or "none" => ConnectionRebalancingMode.None,
                    "static" => ConnectionRebalancingMode.Static,
                    var mode => throw new TyphaConfigurationException($"TYPHA_CONNECTIONREBALANCINGMODE=\"{mode}\" is not none or static (kubernetes needs a Kubernetes API, which is not available here)"),
                },
                ConnectionDropInterval = env.Seconds("TYPHA_CONNECTIONDROPINTERVALSECS", server.ConnectionDropInterval),
                PingInterval = env.Seconds("TYPHA_SERVERPINGINTERVALSECS", server.PingInterval),
                PongTimeout = env.Seconds("TYPHA_SERVERPONGTIMEOUTSECS", server.PongTimeout),
                HandshakeTimeout = env.Seconds("TYPHA_SERVERHANDSHAKETIMEOUTSECS", server.HandshakeTimeout),
                MaxFallBehind = env.Seconds("TYPHA_MAXFALLBEHINDSECS", server.MaxFallBehind),
                MaxFallBehindUpdates = env.Count("TYPHA_MAXFALLBEHINDUPDATES", 0, minimum: 0),
                NewClientGracePeriod = env.Seconds("TYPHA_NEWCLIENTFALLBEHINDGRACEPERIODSECS", server.NewClientGracePeriod),
            },
            HealthEnabled = env.Bool("TYPHA_HEALTHENABLED", daemon.HealthEnabled),
            HealthHost = env.Get("TYPHA_HEALTHHOST") ?? daemon.HealthHost,
            HealthPort = env.Port("TYPHA_HEALTHPORT", daemon.HealthPort),
            MetricsEnabled = env.Bool("TYPHA_PROMETHEUSMETRICSENABLED", daemon.MetricsEnabled),
            MetricsHost = env.Get("TYPHA_PROMETHEUSMETRICSHOST") ?? daemon.MetricsHost,
            MetricsPort = env.Port("TYPHA_PROMETHEUSMETRICSPORT", daemon.MetricsPort),
            LogLevel = env.Level("TYPHA_LOGSEVERITYSCREEN"),
        };
    }

    /// <summary>All of CA, certificate and key, and a CN or URI SAN to require of clients; or none of them (plain TCP).</summary>
    private static TyphaServerTls? Tls(EnvironmentValues env)
    {
        var (ca, cert, key) = (env.Get("TYPHA_CAFILE"), env.Get("TYPHA_SERVERCERTFILE"), env.Get("TYPHA_SERVERKEYFILE"));
        var (cn, uriSan) = (env.Get("TYPHA_CLIENTCN"), env.Get("TYPHA_CLIENTURISAN"));
        if (ca is null && cert is null && key is null && cn is null && uriSan is null)
        {
            return null;
        }

        if (ca is null)
        {
            var set = cn is not null ? "TYPHA_CLIENTCN" : uriSan is not null ? "TYPHA_CLIENTURISAN" : cert is not null ? "TYPHA_SERVERCERTFILE" : "TYPHA_SERVERKEYFILE";
            throw new TyphaConfigurationException($"{set} is set but TYPHA_CAFILE is not: TLS needs the CA that issues client certificates");
        }

        if (cert is null || key is null)
        {
            throw new TyphaConfigurationException($"TYPHA_CAFILE is set but {(cert is null ? "TYPHA_SERVERCERTFILE" : "TYPHA_SERVERKEYFILE")} is not: TLS needs the server's certificate and key");
        }

        if (cn is null && uriSan is null)
        {
            throw new TyphaConfigurationException("TYPHA_CAFILE is set but neither TYPHA_CLIENTCN nor TYPHA_CLIENTURISAN is: say which client certificates to accept");
        }

        var roots = TyphaTlsFiles.LoadCa(ca, "TYPHA_CAFILE");
        return new TyphaServerTls(TyphaTlsFiles.LoadCertificate(cert, "TYPHA_SERVERCERTFILE", key, "TYPHA_SERVERKEYFILE"), new PeerIdentity(roots, cn, uriSan));
    }
}
