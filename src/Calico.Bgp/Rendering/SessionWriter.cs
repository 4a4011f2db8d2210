using System.Globalization;
using System.Text;
using Calico.Bgp.Model;
using Calico.Bgp.Peers;

namespace Calico.Bgp.Rendering;

/// <summary>The BGP template and the <c>protocol bgp</c> blocks of one address family.</summary>
/// <param name="localAs">This node's AS: the template's <c>local as</c>.</param>
internal sealed class SessionWriter(StringBuilder text, FamilyNames names, long localAs)
{
    public void Write(BgpSettings settings, ResolvedPeers peers)
    {
        WriteTemplate(settings);
        text.Append("# ------------- Node-to-node mesh -------------\n");
        if (peers.MeshComment is not null)
        {
            text.Append("# ").Append(peers.MeshComment).Append('\n');
        }

        WriteSessions(peers.Mesh, "");
        text.Append("\n# ------------- Global peers -------------\n");
        WriteSessions(peers.Global, "# No global peers configured.\n");
        text.Append("\n# ------------- Node-specific peers -------------\n");
        WriteSessions(peers.NodeSpecific, "# No node-specific peers configured.\n");
        text.Append('\n');
    }

    private void WriteTemplate(BgpSettings settings)
    {
        var port = settings.ListenPort is { } p ? string.Create(CultureInfo.InvariantCulture, $" port {p}") : "";
        text.Append(CultureInfo.InvariantCulture, $$"""
            # Template for all {{names.Label}} BGP sessions.
            template bgp {{names.Template}} {
              debug { states };
              description "Connection to BGP peer";
              local{{port}} as {{localAs}};
              {{names.Channel}} {
                gateway recursive;  # Resolve next hops through the routing table
                import filter {{names.ImportFilter}};
                export filter { {{names.ExportFunction}}(true); reject; };  # Only workload routes
                add paths on;
              };
              graceful restart;  # Keep routes while a peer restarts or reloads
              connect delay time 2;
              connect retry time 5;
              error wait time 5,30;
            }


            """);
    }

    private void WriteSessions(IReadOnlyList<BgpSession> sessions, string whenNone)
    {
        if (sessions.Count == 0)
        {
            text.Append(whenNone);
            return;
        }

        foreach (var session in sessions)
        {
            WriteSession(session);
        }
    }

    private void WriteSession(BgpSession session)
    {
        var name = session.Name;
        text.Append("protocol bgp ").Append(name).Append(" from ").Append(names.Template).Append(" {\n");
        text.Append("  neighbor ").Append(name.Address);
        if (name.Port is { } port)
        {
            text.Append(CultureInfo.InvariantCulture, $" port {port}");
        }

        text.Append(CultureInfo.InvariantCulture, $" as {session.AsNumber};\n");
        if (session.LocalAsNumber != localAs)
        {
            text.Append(CultureInfo.InvariantCulture, $"  local as {session.LocalAsNumber};\n");
        }

        if (session.SourceAddress is not null)
        {
            text.Append("  source address ").Append(session.SourceAddress).Append(";  # The local address we use for the TCP connection\n");
        }

        if (session.TtlSecurityHops is { } hops)
        {
            text.Append(CultureInfo.InvariantCulture, $"  ttl security on;\n  multihop {hops};\n");
        }
        else if (session.IsInternal)
        {
            text.Append("  multihop;\n");
        }

        if (session.Passive)
        {
            text.Append("  passive on;  # One-way session: the peer connects to us\n");
        }

        if (session.GracefulRestartSeconds is { } restart)
        {
            text.Append(CultureInfo.InvariantCulture, $"  graceful restart time {restart};\n");
        }

        if (session.KeepaliveSeconds is { } keepalive)
        {
            text.Append(CultureInfo.InvariantCulture, $"  keepalive time {keepalive};\n");
        }

        if (session.RouteReflectorClusterId is { } clusterId)
        {
            text.Append("  rr client;\n  rr cluster id ").Append(clusterId).Append(";\n");
        }

        if (session.AllowLocalAs is { } allow)
        {
            text.Append(CultureInfo.InvariantCulture, $"  allow local as {allow};\n");
        }

        WriteChannelOverrides(session);
        text.Append("}\n\n");
    }

    /// <summary>eBGP sessions export without the iBGP-only rule; a next hop mode changes the channel too.</summary>
    private void WriteChannelOverrides(BgpSession session)
    {
        if (session.IsInternal && session.NextHop == NextHopMode.Auto)
        {
            return;
        }

        text.Append("  ").Append(names.Channel).Append(" {\n");
        if (!session.IsInternal)
        {
            text.Append("    export filter { ").Append(names.ExportFunction).Append("(false); reject; };\n");
        }

        if (session.NextHop != NextHopMode.Auto)
        {
            text.Append("    next hop ").Append(session.NextHop == NextHopMode.Self ? "self" : "keep").Append(";\n");
        }

        text.Append("  };\n");
    }
}
