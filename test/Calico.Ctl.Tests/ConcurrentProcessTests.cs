using System.Diagnostics;

namespace Calico.Ctl.Tests;

/// <summary>Many calicoctl processes change one resource at once: label retries when it loses a race, so every change lands and none is lost.</summary>
public sealed class ConcurrentProcessTests : IDisposable
{
    private readonly CtlHarness _ctl = new();

    public void Dispose() => _ctl.Dispose();

    [Fact]
    public async Task Label_ManyProcessesAtOnce_EveryChangeLandsNoneLost()
    {
        (await _ctl.RunAsync("apply", "-f", SeedPaths.IPPool)).ShouldSucceed();
        const int processes = 10;

        var runs = await Task.WhenAll(Enumerable.Range(0, processes).Select(i => RunProcessAsync("label", "ippool", "default-ipv4-ippool", $"writer{i}=yes")));

        var pool = (await _ctl.RunAsync("get", "ippool", "default-ipv4-ippool", "-o", "yaml")).ShouldSucceed().Stdout;
        for (var i = 0; i < processes; i++)
        {
            Assert.True(runs[i].Exit == 0, $"process {i} failed: {runs[i].Stderr}");
            Assert.True(pool.Contains($"writer{i}: yes", StringComparison.Ordinal), $"process {i} succeeded but its label is missing: a lost update\n{pool}");
        }
    }

    private async Task<(int Exit, string Stdout, string Stderr)> RunProcessAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "calicoctl.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in _ctl.Variables)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
