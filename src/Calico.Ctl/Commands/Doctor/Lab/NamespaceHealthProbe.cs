using System.Net.Sockets;
using Calico.Netlink;

namespace Calico.Ctl.Commands.Doctor.Lab;

/// <summary>Asks calico-node's health endpoint (127.0.0.1:9099) from inside a node's namespace, as calico-lab status does.</summary>
internal static class NamespaceHealthProbe
{
    /// <summary>GET http://127.0.0.1:9099/<paramref name="path"/> inside <paramref name="ns"/>: the status and body, or null when nothing answers.</summary>
    public static async ValueTask<(int Status, string Body)?> GetAsync(string ns, string path, CancellationToken ct)
    {
        NetworkNamespace handle;
        try
        {
            handle = NetworkNamespace.OpenNamed(ns);
        }
        catch (Exception e) when (e is NetlinkException or IOException or UnauthorizedAccessException)
        {
            return null;
        }

        using (handle)
        {
            using var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (context, token) =>
                {
                    // A socket belongs to the namespace it was created in: create it on a thread inside the node.
                    var socket = handle.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
                    try
                    {
                        await socket.ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, token).ConfigureAwait(false);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
            };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:9099/{path}"), ct).ConfigureAwait(false);
                return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
            }
            catch (HttpRequestException)
            {
                return null;
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                return null;
            }
        }
    }
}
