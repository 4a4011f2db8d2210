using System.Net.Sockets;
using Calico.Netlink;

namespace Calico.Lab.Nodes;

/// <summary>HTTP GET from inside a network namespace (the node's 127.0.0.1 is not the test's): the socket is created on a thread that entered it.</summary>
public static class NamespaceHttp
{
    /// <summary>The status and body, or null when nothing answers within <paramref name="timeout"/>.</summary>
    public static async Task<(int Status, string Body)?> GetAsync(string networkNamespace, Uri uri, TimeSpan timeout, CancellationToken ct = default)
    {
        using var ns = NetworkNamespace.OpenNamed(networkNamespace);
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, token) =>
            {
                var socket = ns.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
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
        using var http = new HttpClient(handler) { Timeout = timeout };
        try
        {
            using var response = await http.GetAsync(uri, ct).ConfigureAwait(false);
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
