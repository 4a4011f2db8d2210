using System.Net.Sockets;
using System.Text.Json;
using Calico.Lab.State;

namespace Calico.Lab.ControlPlane;

/// <summary>
/// Asks an etcd member's /health through its unix socket (the member answers {"health":"true"} when it has a leader and
/// can serve a read), from the machine, without entering the lab's namespaces.
/// </summary>
public static class EtcdMemberHealth
{
    /// <summary>True when the member answers healthy; false when it answers unhealthy; null when nothing answers.</summary>
    public static async Task<(bool Healthy, string Body)?> CheckAsync(LabEtcdMember member, TimeSpan timeout, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(member.SocketPath), token).ConfigureAwait(false);
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
            using var response = await http.GetAsync(new Uri("http://localhost/health"), ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            using var json = JsonDocument.Parse(body);
            var healthy = json.RootElement.TryGetProperty("health", out var value) && string.Equals(value.GetString(), "true", StringComparison.Ordinal);
            return (healthy && response.IsSuccessStatusCode, body.Trim());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or IOException)
        {
            return null;
        }
    }
}
