using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Calico.Bgp.Peers;

/// <summary>
/// The BIRD protocol name of a BGP session, exactly as Calico spells it: <c>Mesh_10_0_0_2</c>, <c>Node_10_0_0_9</c>,
/// <c>Global_fd00__9</c>, <c>Global_10_0_0_9_port_1790</c> (the address with its '.' or ':' turned into '_', and a
/// port suffix when the peer does not listen on 179). <c>calicoctl node status</c> reads the kind and address back.
/// </summary>
public readonly record struct PeerName(PeerKind Kind, IPAddress Address, int? Port)
{
    private const string PortMarker = "_port_";

    /// <summary>"node-to-node mesh", "node specific" or "global": the PEER TYPE column of calicoctl node status.</summary>
    public string DisplayType => Kind switch
    {
        PeerKind.Mesh => "node-to-node mesh",
        PeerKind.Node => "node specific",
        _ => "global",
    };

    /// <summary>Decodes a BIRD protocol name; false for protocols that are not Calico BGP peers (kernel1, device1…).</summary>
    public static bool TryParse(string name, [NotNullWhen(true)] out PeerName? peer)
    {
        peer = null;
        ArgumentNullException.ThrowIfNull(name);
        var underscore = name.IndexOf('_', StringComparison.Ordinal);
        if (underscore <= 0 || !TryParseKind(name[..underscore], out var kind))
        {
            return false;
        }

        var rest = name[(underscore + 1)..];
        int? port = null;
        var marker = rest.LastIndexOf(PortMarker, StringComparison.Ordinal);
        if (marker > 0 && int.TryParse(rest.AsSpan(marker + PortMarker.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var parsedPort))
        {
            port = parsedPort;
            rest = rest[..marker];
        }

        if (IPAddress.TryParse(rest.Replace('_', '.'), out var v4) && v4.AddressFamily == AddressFamily.InterNetwork && rest.Count(c => c == '_') == 3)
        {
            peer = new PeerName(kind, v4, port);
            return true;
        }

        if (IPAddress.TryParse(rest.Replace('_', ':'), out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6)
        {
            peer = new PeerName(kind, v6, port);
            return true;
        }

        return false;
    }

    /// <summary>The BIRD protocol name.</summary>
    public override string ToString()
    {
        var separator = Address.AddressFamily == AddressFamily.InterNetwork ? '.' : ':';
        var name = $"{Kind}_{Address.ToString().Replace(separator, '_')}";
        return Port is { } port ? string.Create(CultureInfo.InvariantCulture, $"{name}{PortMarker}{port}") : name;
    }

    private static bool TryParseKind(string prefix, out PeerKind kind)
    {
        switch (prefix)
        {
            case "Mesh":
                kind = PeerKind.Mesh;
                return true;
            case "Node":
                kind = PeerKind.Node;
                return true;
            case "Global":
                kind = PeerKind.Global;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}
