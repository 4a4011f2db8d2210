using System.Diagnostics;

namespace Calico.Lab.Testing;

/// <summary>A TCP listener (nc -lk) inside a pod's namespace, stopped by its PID on dispose.</summary>
public sealed class PodListener : IAsyncDisposable
{
    private readonly Process _process;

    private PodListener(Process process) => _process = process;

    public static async Task<PodListener> StartAsync(LabHarness lab, string pod, int port)
    {
        var (ns, name) = (pod.Split('/')[0], pod.Split('/')[1]);
        var state = Path.Combine(lab.StateDirectory, lab.Name, "pods", $"{ns}_{name}.json");
        var netns = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(state))!["networkNamespace"]!.GetValue<string>();
        var process = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", netns, "nc", "-lk", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await Task.Delay(300);
        return new PodListener(process);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
