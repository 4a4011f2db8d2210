using Calico.Lab.Nodes;
using Calico.Netlink;

namespace Calico.Ctl.Commands.Doctor.Lab;

/// <summary>Asks calico-node's health endpoint (127.0.0.1:9099) from inside a node's namespace, as calico-lab status does.</summary>
internal static class NamespaceHealthProbe
{
    /// <summary>GET http://127.0.0.1:9099/<paramref name="path"/> inside <paramref name="ns"/>: the status and body, or null when nothing answers (or the namespace is gone).</summary>
    public static async ValueTask<(int Status, string Body)?> GetAsync(string ns, string path, CancellationToken ct)
    {
        try
        {
            return await NamespaceHttp.GetAsync(ns, new Uri($"http://127.0.0.1:9099/{path}"), TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NetlinkException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
