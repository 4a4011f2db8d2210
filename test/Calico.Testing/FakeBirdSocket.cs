using System.Net.Sockets;
using System.Text;

namespace Calico.Testing;

/// <summary>
/// A unix socket that answers like BIRD: the hello on connect, then a canned reply to each command line. For the
/// BIRD client tests (Calico.Bgp.Tests) and calicoctl node status (Calico.Ctl.Tests); the socket file is unique and
/// removed on dispose.
/// </summary>
public sealed class FakeBirdSocket : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Func<string, string> _reply;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public FakeBirdSocket(Func<string, string> reply)
    {
        _reply = reply;
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"calico-test-bgp-{UniqueNames.Lab()}.ctl");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(Path));
        _listener.Listen(4);
        _serving = ServeAsync(_stop.Token);
    }

    public string Path { get; }

    public List<string> Commands { get; } = [];

    /// <summary>The hello and the reply of a show protocols that BIRD 2.0.12 gave, recorded from a real daemon.</summary>
    public static string RecordedShowProtocols() =>
        File.ReadAllText(System.IO.Path.Combine(RepositoryPaths.Root, "test", "Calico.Bgp.Tests", "Control", "Recorded", "show-protocols-bird-2.0.12.txt"));

    /// <summary>A fake that replays <see cref="RecordedShowProtocols"/> (hello included) for "show protocols".</summary>
    public static FakeBirdSocket ReplayingRecorded()
    {
        var recorded = RecordedShowProtocols();
        var helloEnd = recorded.IndexOf('\n', StringComparison.Ordinal) + 1;
        var table = recorded[helloEnd..];
        return new FakeBirdSocket(command => command == "show protocols" ? table : "9001 syntax error\n");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        try
        {
            await _serving;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        File.Delete(Path);
        _stop.Dispose();
    }

    private async Task ServeAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            using var connection = await _listener.AcceptAsync(ct);
            await using var stream = new NetworkStream(connection);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            await stream.WriteAsync(Encoding.UTF8.GetBytes("0001 BIRD 2.0.12 ready.\n"), ct);
            while (await reader.ReadLineAsync(ct) is { } command)
            {
                lock (Commands)
                {
                    Commands.Add(command);
                }

                await stream.WriteAsync(Encoding.UTF8.GetBytes(_reply(command)), ct);
            }
        }
    }
}
