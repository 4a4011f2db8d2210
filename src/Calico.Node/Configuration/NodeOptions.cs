using Calico.Node.Startup;
using Microsoft.Extensions.Logging;

namespace Calico.Node.Configuration;

/// <summary>calico-node's settings, from the environment variables Calico uses.</summary>
public sealed record NodeOptions
{
    public required string NodeName { get; init; }

    public bool HealthEnabled { get; init; } = true;

    public string HealthHost { get; init; } = "localhost";

    public int HealthPort { get; init; } = 9099;

    public bool MetricsEnabled { get; init; }

    public string MetricsHost { get; init; } = "0.0.0.0";

    public int MetricsPort { get; init; } = 9091;

    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>FELIX_USEINTERNALDATAPLANEDRIVER: program this node's kernel (nftables, routes). False runs the calculation graph only.</summary>
    public bool UseInternalDataplaneDriver { get; init; } = true;

    /// <summary>
    /// FELIX_ALLOWINITIALNETWORKNAMESPACE: allow programming the machine's initial network namespace. Off by default, so
    /// that on a development or lab machine calico-node only ever programs a namespace made for it (a lab node).
    /// </summary>
    public bool AllowInitialNetworkNamespace { get; init; }

    /// <summary>FELIX_NFTABLESREFRESHINTERVAL (seconds): how often the table and routes are re-read and repaired.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>IP: where this node's IPv4 address (the Node's spec.bgp.ipv4Address) comes from.</summary>
    public Ipv4AddressSetting Ipv4Address { get; init; } = Ipv4AddressSetting.Default;

    /// <summary>IP_AUTODETECTION_METHOD: how the IPv4 address is autodetected (first-found by default).</summary>
    public AutodetectionMethod Ipv4AutodetectionMethod { get; init; } = AutodetectionMethod.FirstFound;

    /// <summary>AS: this node's BGP AS number (spec.bgp.asNumber); null leaves the Node's value (inherited from BGPConfiguration when unset).</summary>
    public long? AsNumber { get; init; }

    /// <summary>CALICO_NETWORKING_BACKEND: bird (default: calico-node runs BIRD when it programs the kernel), vxlan or none.</summary>
    public NetworkingBackend NetworkingBackend { get; init; } = NetworkingBackend.Bird;

    /// <summary>CALICO_BIRD_CONFIG, CALICO_BIRD_SOCKET, CALICO_BIRD_PIDFILE: where BIRD's files go.</summary>
    public Bgp.BirdPaths BirdPaths { get; init; } = Bgp.BirdPaths.Default;

    /// <summary>FELIX_TYPHAADDR: Typhas (host:port, comma-separated) Felix syncs from; empty to watch the datastore directly.</summary>
    public IReadOnlyList<Typha.Client.TyphaAddress> TyphaAddresses { get; init; } = [];

    /// <summary>FELIX_TYPHACAFILE, FELIX_TYPHACERTFILE, FELIX_TYPHAKEYFILE, FELIX_TYPHACN, FELIX_TYPHAURISAN: TLS to Typha; null for plain TCP.</summary>
    public Typha.Tls.TyphaClientTls? TyphaTls { get; init; }

    /// <summary>FELIX_TYPHAREADTIMEOUT (seconds): a Typha silent this long is given up on (it pings every 10 s).</summary>
    public TimeSpan TyphaReadTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>CALICO_BIRD_BINARY: the BIRD 2 daemon (default bird, found on PATH).</summary>
    public string BirdBinary { get; init; } = "bird";
}
