using System.Collections.Concurrent;
using System.Diagnostics;

namespace Calico.Lab.Tests.MultiNode;

/// <summary>
/// A UDP receiver on the lab's external host (port 7000) that records the source address of every datagram, so a test
/// sees what natOutgoing did. A Python one-liner inside the external namespace; stopped by its PID on dispose.
/// </summary>
internal sealed class ExternalReceiver : IAsyncDisposable
{
    private const string Script = "import socket,sys\n"
        + "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
        + "s.bind(('0.0.0.0',7000))\n"
        + "print('ready',flush=True)\n"
        + "while True:\n"
        + "    d,a=s.recvfrom(2048)\n"
        + "    print(a[0],flush=True)\n";

    private readonly Process _process;
    private readonly BlockingCollection<string> _sources = [];

    private ExternalReceiver(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line && line != "ready")
            {
                _sources.Add(line.Trim());
            }
        };
        _process.BeginOutputReadLine();
    }

    public static ExternalReceiver Start(string externalNamespace)
    {
        var start = new ProcessStartInfo("ip", ["netns", "exec", externalNamespace, "python3", "-u", "-c", Script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        return new ExternalReceiver(Process.Start(start)!);
    }

    /// <summary>Sends with <paramref name="send"/> until a datagram arrives whose source satisfies <paramref name="accept"/>; returns the last source seen.</summary>
    public async Task<string?> FirstSourceAsync(Func<Task<(int Exit, string Output)>> send, TimeSpan deadline, Func<string?, bool> accept)
    {
        var clock = Stopwatch.StartNew();
        string? last = null;
        while (clock.Elapsed < deadline)
        {
            await send();
            while (_sources.TryTake(out var source, TimeSpan.FromMilliseconds(300)))
            {
                last = source;
                if (accept(source))
                {
                    return source;
                }
            }
        }

        return last;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _sources.Dispose();
    }
}
