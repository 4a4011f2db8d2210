using System.Net;
using System.Net.Sockets;
using System.Text;
using Calico.Netlink;

namespace Calico.Conformance.Tests.Probing;

/// <summary>A TCP connection from one target to another's echo listener, kept open to check it still carries data.</summary>
public sealed class HeldConnection : IDisposable
{
    private readonly Socket _socket;
    private int _exchanges;

    private HeldConnection(Socket socket) => _socket = socket;

    public static async Task<HeldConnection> OpenAsync(ProbeTarget from, ProbeTarget to, int port, TimeSpan timeout)
    {
        using var ns = NetworkNamespace.OpenNamed(from.NetworkNamespace);
        var socket = ns.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        try
        {
            using var deadline = new CancellationTokenSource(timeout);
            await socket.ConnectAsync(new IPEndPoint(to.Address, port), deadline.Token);
            return new HeldConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends a line and waits for its echo: true when it came back in time.</summary>
    public async Task<bool> ExchangeAsync(TimeSpan timeout)
    {
        var payload = Encoding.ASCII.GetBytes($"exchange {++_exchanges}\n");
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _socket.SendAsync(payload, SocketFlags.None, deadline.Token);
            var echoed = new byte[payload.Length];
            var received = 0;
            while (received < payload.Length)
            {
                var read = await _socket.ReceiveAsync(echoed.AsMemory(received), SocketFlags.None, deadline.Token);
                if (read == 0)
                {
                    return false;
                }

                received += read;
            }

            return echoed.AsSpan().SequenceEqual(payload);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            return false;
        }
    }

    public void Dispose() => _socket.Dispose();
}
