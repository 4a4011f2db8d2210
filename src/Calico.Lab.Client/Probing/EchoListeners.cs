using System.Net;
using System.Net.Sockets;
using Calico.Netlink;
using Calico.Policy.Evaluation;
using Calico.Policy.Reachability;

namespace Calico.Lab.Probing;

/// <summary>
/// Echo servers inside one target's network namespace, one per protocol and port: TCP and SCTP echo what a connection
/// sends, UDP sends each datagram back. The sockets are created on a thread that entered the namespace (so no process
/// runs in the pod), then served by ordinary async loops; dispose closes them.
/// </summary>
public sealed class EchoListeners : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _sockets;
    private readonly List<Task> _loops = [];

    private EchoListeners(ProbeTarget target, List<Socket> sockets)
    {
        Target = target;
        _sockets = sockets;
    }

    public ProbeTarget Target { get; }

    /// <summary>Listens on every port of <paramref name="ports"/> (protocol and port) inside <paramref name="target"/>'s namespace.</summary>
    public static EchoListeners Start(ProbeTarget target, IEnumerable<Probe> ports)
    {
        var wanted = ports.Distinct().ToList();
        using var ns = NetworkNamespace.OpenNamed(target.NetworkNamespace);
        var sockets = ns.Run(() =>
        {
            var created = new List<Socket>();
            try
            {
                foreach (var port in wanted)
                {
                    var socket = Create(port.Protocol);
                    created.Add(socket);
                    socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                    try
                    {
                        socket.Bind(new IPEndPoint(IPAddress.Any, port.Port));
                    }
                    catch (SocketException e)
                    {
                        throw new InvalidOperationException($"cannot listen on {port} in {target}: {e.SocketErrorCode}", e);
                    }

                    if (port.Protocol != ProtocolNames.Udp)
                    {
                        socket.Listen(512);
                    }
                }

                return created;
            }
            catch
            {
                created.ForEach(s => s.Dispose());
                throw;
            }
        });
        var listeners = new EchoListeners(target, sockets);
        for (var i = 0; i < wanted.Count; i++)
        {
            var socket = sockets[i];
            listeners._loops.Add(wanted[i].Protocol == ProtocolNames.Udp
                ? Task.Run(() => listeners.ServeDatagramsAsync(socket))
                : Task.Run(() => listeners.AcceptAsync(socket)));
        }

        return listeners;
    }

    /// <summary>A socket of <paramref name="protocol"/> (TCP, UDP or SCTP, IPv4); call inside the namespace it belongs to.</summary>
    public static Socket Create(int protocol) => protocol switch
    {
        ProtocolNames.Tcp => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp),
        ProtocolNames.Udp => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp),
        ProtocolNames.Sctp => new Socket(AddressFamily.InterNetwork, SocketType.Stream, (ProtocolType)ProtocolNames.Sctp),
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "probes are TCP, UDP or SCTP"),
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        await Task.WhenAll(_loops).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptAsync(Socket listener)
    {
        var connections = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var connection = await listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
                connections.RemoveAll(t => t.IsCompleted);
                connections.Add(EchoStreamAsync(connection));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        await Task.WhenAll(connections).ConfigureAwait(false);
    }

    private async Task EchoStreamAsync(Socket connection)
    {
        using (connection)
        {
            var buffer = new byte[512];
            try
            {
                while (true)
                {
                    var read = await connection.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return;
                    }

                    await connection.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The peer reset the connection, or the listeners stop.
            }
        }
    }

    private async Task ServeDatagramsAsync(Socket socket)
    {
        var buffer = new byte[512];
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token).ConfigureAwait(false);
                await socket.SendToAsync(buffer.AsMemory(0, received.ReceivedBytes), SocketFlags.None, received.RemoteEndPoint, _stop.Token).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                // An ICMP error for an earlier reply (the prober gave up): keep serving.
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
        }
    }
}
