using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Calico.Netlink;
using Calico.Policy.Evaluation;
using Calico.Policy.Reachability;

namespace Calico.Lab.Probing;

/// <summary>
/// Makes real connection attempts between targets, all at once: each client socket is created inside its source's
/// network namespace (one namespace switch per source, on a dedicated thread) and bound to its own source port, then
/// every probe runs concurrently. TCP and SCTP connect, send a payload and wait for its echo; UDP sends a datagram
/// (three times within the timeout) and waits for its echo. Whatever does not echo in time is denied: Calico drops,
/// so a denied probe is a timeout; a refusal (RST, ICMP port unreachable) also counts as denied and is reported as such.
/// </summary>
public sealed class Prober(SourcePorts sourcePorts)
{
    private int _payloadCounter;

    /// <summary>Probes every cell; the result has one outcome per cell, in order.</summary>
    /// <param name="cells">The probes.</param>
    /// <param name="timeout">How long each probe may take.</param>
    /// <param name="echo">
    /// False when the destination's listener is not an echo server (something else listens there): then a TCP or SCTP
    /// connection that is set up counts as allowed, with no payload sent.
    /// </param>
    public async Task<ProbeOutcome[]> ProbeAsync(IReadOnlyList<ProbeCell> cells, TimeSpan timeout, bool echo = true)
    {
        var outcomes = new ProbeOutcome[cells.Count];
        var sockets = new Socket?[cells.Count];
        try
        {
            foreach (var group in Enumerable.Range(0, cells.Count).GroupBy(i => cells[i].From.NetworkNamespace, StringComparer.Ordinal))
            {
                var indexes = group.ToList();
                var created = CreateSockets(group.Key, indexes.Select(i => cells[i].Probe.Protocol).ToList());
                for (var k = 0; k < indexes.Count; k++)
                {
                    sockets[indexes[k]] = created[k];
                }
            }

            var tasks = new Task[cells.Count];
            for (var i = 0; i < cells.Count; i++)
            {
                var index = i;
                tasks[i] = Task.Run(async () => outcomes[index] = await ProbeOneAsync(sockets[index]!, cells[index], timeout, echo).ConfigureAwait(false));
            }

            await Task.WhenAll(tasks).ConfigureAwait(false);
            return outcomes;
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket?.Dispose();
            }
        }
    }

    /// <summary>Probes every (from, to, probe) of <paramref name="targets"/> × <paramref name="targets"/> × <paramref name="probes"/>.</summary>
    public async Task<ObservedMatrix> ProbeMatrixAsync(IReadOnlyList<ProbeTarget> targets, IReadOnlyList<Probe> probes, TimeSpan timeout)
    {
        var cells = ObservedMatrix.CellsOf(targets, probes);
        var outcomes = await ProbeAsync(cells, timeout).ConfigureAwait(false);
        return new ObservedMatrix(targets, probes, outcomes);
    }

    private List<Socket> CreateSockets(string networkNamespace, IReadOnlyList<int> protocols)
    {
        using var ns = NetworkNamespace.OpenNamed(networkNamespace);
        return ns.Run(() =>
        {
            var created = new List<Socket>(protocols.Count);
            try
            {
                for (var i = 0; i < protocols.Count; i++)
                {
                    var socket = EchoListeners.Create(protocols[i]);
                    created.Add(socket);
                    socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                    BindToFreshPort(socket);
                }

                return created;
            }
            catch
            {
                created.ForEach(s => s.Dispose());
                throw;
            }
        });
    }

    /// <summary>Binds to the next source port; one still held by a socket of this namespace is skipped.</summary>
    private void BindToFreshPort(Socket socket)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Any, sourcePorts.Next()));
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < 100)
            {
                // Try the next one.
            }
        }
    }

    private async Task<ProbeOutcome> ProbeOneAsync(Socket socket, ProbeCell cell, TimeSpan timeout, bool echo)
    {
        var payload = Encoding.ASCII.GetBytes($"probe {Interlocked.Increment(ref _payloadCounter)} {cell}");
        var remote = new IPEndPoint(cell.To.Address, cell.Probe.Port);
        var clock = Stopwatch.StartNew();
        try
        {
            return cell.Probe.Protocol == ProtocolNames.Udp
                ? await DatagramAsync(socket, remote, payload, timeout, clock).ConfigureAwait(false)
                : await StreamAsync(socket, remote, echo ? payload : null, timeout, clock).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            return ProbeOutcome.Denied(e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "refused (RST or ICMP port unreachable: nothing listening, or a reject)",
                SocketError.HostUnreachable or SocketError.NetworkUnreachable => $"unreachable ({e.SocketErrorCode}: ICMP or no route)",
                _ => $"socket error {e.SocketErrorCode}",
            });
        }
    }

    private static async Task<ProbeOutcome> StreamAsync(Socket socket, IPEndPoint remote, byte[]? payload, TimeSpan timeout, Stopwatch clock)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await socket.ConnectAsync(remote, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return ProbeOutcome.Denied($"no connection within {timeout.TotalMilliseconds:F0} ms (SYN dropped)");
        }

        // Close with RST: nothing lingers in TIME_WAIT, and conntrack forgets the flow quickly.
        socket.LingerState = new LingerOption(true, 0);
        if (payload is null)
        {
            return ProbeOutcome.Connected(clock.Elapsed);
        }

        try
        {
            await socket.SendAsync(payload, SocketFlags.None, deadline.Token).ConfigureAwait(false);
            var echoed = new byte[payload.Length];
            var received = 0;
            while (received < payload.Length)
            {
                var read = await socket.ReceiveAsync(echoed.AsMemory(received), SocketFlags.None, deadline.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return ProbeOutcome.Denied("connected, but the connection closed before the echo");
                }

                received += read;
            }

            return echoed.AsSpan().SequenceEqual(payload)
                ? ProbeOutcome.Echoed(clock.Elapsed)
                : ProbeOutcome.Denied("connected, but the echo differs");
        }
        catch (OperationCanceledException)
        {
            return ProbeOutcome.Denied($"connected, but no echo within {timeout.TotalMilliseconds:F0} ms (data dropped)");
        }
    }

    private static async Task<ProbeOutcome> DatagramAsync(Socket socket, IPEndPoint remote, byte[] payload, TimeSpan timeout, Stopwatch clock)
    {
        await socket.ConnectAsync(remote).ConfigureAwait(false);
        var buffer = new byte[payload.Length + 16];
        const int Attempts = 3;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            await socket.SendAsync(payload, SocketFlags.None).ConfigureAwait(false);
            using var wait = new CancellationTokenSource(timeout / Attempts);
            try
            {
                while (true)
                {
                    var read = await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token).ConfigureAwait(false);
                    if (buffer.AsSpan(0, read).SequenceEqual(payload))
                    {
                        return ProbeOutcome.Echoed(clock.Elapsed);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Send again.
            }
        }

        return ProbeOutcome.Denied($"no echo within {timeout.TotalMilliseconds:F0} ms ({Attempts} datagrams dropped)");
    }
}
