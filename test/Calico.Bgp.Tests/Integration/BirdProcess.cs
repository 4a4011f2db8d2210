using System.Diagnostics;
using Calico.Testing;

namespace Calico.Bgp.Tests.Integration;

/// <summary>
/// A real BIRD 2 daemon inside a test namespace, with its own config, control socket and PID file under
/// <c>directory</c>. Stopped by the PID in its PID file (after checking that PID is this BIRD), never by name.
/// </summary>
public sealed class BirdProcess : IDisposable
{
    private BirdProcess(string configPath, string socketPath, string pidPath)
    {
        ConfigPath = configPath;
        SocketPath = socketPath;
        PidPath = pidPath;
    }

    public string ConfigPath { get; }

    public string SocketPath { get; }

    public string PidPath { get; }

    /// <summary>Writes <paramref name="config"/> and starts <c>ip netns exec NS bird -c CFG -s CTL -P PID</c> (BIRD daemonises).</summary>
    public static BirdProcess Start(TestNamespace ns, string directory, string name, string config)
    {
        var bird = new BirdProcess(Path.Combine(directory, name + ".cfg"), Path.Combine(directory, name + ".ctl"), Path.Combine(directory, name + ".pid"));
        File.WriteAllText(bird.ConfigPath, config);
        try
        {
            ns.Exec(Rendering.BirdParseCheckTests.Bird, "-c", bird.ConfigPath, "-s", bird.SocketPath, "-P", bird.PidPath);
            return bird;
        }
        catch
        {
            bird.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (!File.Exists(PidPath) || !int.TryParse(File.ReadAllText(PidPath).Trim(), out var pid))
        {
            return;
        }

        // Only the process started with this control socket: a recycled PID is left alone.
        string cmdline;
        try
        {
            cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (IOException)
        {
            return;
        }

        if (!cmdline.Contains(SocketPath, StringComparison.Ordinal))
        {
            return;
        }

        using var process = Process.GetProcessById(pid);
        ProcessRunner.TryRun("kill", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
        {
            process.Kill();
        }
    }
}
