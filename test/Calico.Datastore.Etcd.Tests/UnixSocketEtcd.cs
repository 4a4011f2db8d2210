using System.Diagnostics;
using System.Globalization;

namespace Calico.Datastore.Etcd.Tests;

/// <summary>
/// A one-member etcd whose clients reach it only through a unix socket: started in a unique directory under /tmp
/// with <c>--listen-client-urls unix://etcd.sock:0</c> (etcd creates the socket file <c>etcd.sock:0</c> in its working
/// directory), its peer port a free one on 127.0.0.1; stopped by its PID and the directory removed afterwards.
/// </summary>
public sealed class UnixSocketEtcd : IAsyncLifetime
{
    private Process? _etcd;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"calico-etcd-unix-{Guid.NewGuid():N}"[..31]);

    public string SocketPath => Path.Combine(Directory, "etcd.sock:0");

    public Uri Endpoint => new($"unix://{SocketPath}");

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var peer = $"http://127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}";
        var start = new ProcessStartInfo("etcd") { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            "--name", "u1", "--data-dir", Path.Combine(Directory, "data"),
            "--listen-client-urls", "unix://etcd.sock:0", "--advertise-client-urls", "unix://etcd.sock:0",
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", $"u1={peer}",
            "--logger", "zap", "--log-outputs", "stderr",
        })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in Environment.GetEnvironmentVariables().Keys.OfType<string>().Where(k => k.StartsWith("ETCD", StringComparison.Ordinal)))
        {
            start.Environment.Remove(key);
        }

        _etcd = Process.Start(start)!;
        _etcd.OutputDataReceived += (_, _) => { };
        _etcd.ErrorDataReceived += (_, _) => { };
        _etcd.BeginOutputReadLine();
        _etcd.BeginErrorReadLine();
        for (var i = 0; i < 100 && !File.Exists(SocketPath); i++)
        {
            if (_etcd.HasExited)
            {
                Assert.Fail($"etcd exited ({_etcd.ExitCode}); etcd-server must be installed");
            }

            await Task.Delay(100);
        }

        Assert.True(File.Exists(SocketPath), $"etcd did not create {SocketPath} within 10 s");
    }

    /// <summary>A loopback port nothing listens on now (the peer port; clients never use it).</summary>
    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async Task DisposeAsync()
    {
        if (_etcd is { HasExited: false })
        {
            _etcd.Kill();
            await _etcd.WaitForExitAsync();
        }

        _etcd?.Dispose();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
