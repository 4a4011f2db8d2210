using System.Net.Sockets;
using System.Text;

namespace Calico.Bgp.Control;

/// <summary>
/// A connection to BIRD's control socket (what birdc speaks): connect, read the hello (0001), send commands and read
/// each reply up to its final line. Every read has a deadline, as calicoctl's (2 s by default).
/// </summary>
public sealed class BirdControlClient : IAsyncDisposable
{
    /// <summary>calicoctl's deadline for each reply.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;
    private readonly TimeSpan _timeout;

    private BirdControlClient(Socket socket, TimeSpan timeout)
    {
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, Encoding.UTF8);
        _timeout = timeout;
    }

    /// <summary>Connects to <paramref name="socketPath"/> and reads BIRD's hello; throws <see cref="SocketException"/> when nothing listens there.</summary>
    public static async ValueTask<BirdControlClient> ConnectAsync(string socketPath, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        BirdControlClient? client = null;
        try
        {
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                deadline.CancelAfter(timeout);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), deadline.Token).ConfigureAwait(false);
            }

            client = new BirdControlClient(socket, timeout);
            var hello = await client.ReadReplyAsync(ct).ConfigureAwait(false);
            if (hello.Lines.Count == 0 || hello.Lines[0].Code != 1)
            {
                throw new BirdReplyException($"{socketPath} did not greet like BIRD (expected 0001)");
            }

            return client;
        }
        catch
        {
            if (client is not null)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                socket.Dispose();
            }

            throw;
        }
    }

    /// <summary>Sends one command line and reads its reply; throws <see cref="BirdReplyException"/> on an error code.</summary>
    public async ValueTask<BirdReply> SendAsync(string command, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\n"), ct).ConfigureAwait(false);
        return await ReadReplyAsync(ct).ConfigureAwait(false);
    }

    /// <summary><c>show protocols</c>: every protocol (filter with <see cref="BirdProtocol.IsBgp"/> for the BGP sessions).</summary>
    public async ValueTask<IReadOnlyList<BirdProtocol>> ShowProtocolsAsync(CancellationToken ct) =>
        BirdProtocol.ParseTable(await SendAsync("show protocols", ct).ConfigureAwait(false));

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
    }

    private async ValueTask<BirdReply> ReadReplyAsync(CancellationToken ct)
    {
        var lines = new List<string>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_timeout);
        while (true)
        {
            string? line;
            try
            {
                line = await _reader.ReadLineAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"BIRD did not finish its reply within {_timeout.TotalSeconds:0.#} s");
            }

            if (line is null)
            {
                throw new BirdReplyException("BIRD closed the control connection in the middle of a reply");
            }

            lines.Add(line);
            if (BirdReply.IsFinal(line))
            {
                return BirdReply.Parse(lines);
            }
        }
    }
}
