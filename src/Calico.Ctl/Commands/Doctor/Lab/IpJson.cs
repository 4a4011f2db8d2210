using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Calico.Ctl.Commands.Doctor.Lab;

/// <summary>
/// Reads links and routes inside a lab namespace with <c>ip -n NS -j …</c> (read only: doctor never changes a
/// namespace, and never reads the root namespace this way).
/// </summary>
internal static class IpJson
{
    /// <summary>The JSON array <c>ip -n <paramref name="ns"/> -j ARGS</c> prints, or null when ip fails (e.g. no such namespace).</summary>
    public static async ValueTask<JsonArray?> ReadAsync(string ns, IReadOnlyList<string> args, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(ns))
        {
            return null;
        }

        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["-n", ns, "-j", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new CtlException("cannot run ip");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
        var text = await output.ConfigureAwait(false);
        _ = await error.ConfigureAwait(false);
        return process.ExitCode == 0 && !string.IsNullOrWhiteSpace(text) ? JsonNode.Parse(text) as JsonArray : null;
    }

    /// <summary>The MTU of <paramref name="device"/> in <paramref name="ns"/>, or null when there is no such device.</summary>
    public static async ValueTask<int?> MtuAsync(string ns, string device, CancellationToken ct)
    {
        var links = await ReadAsync(ns, ["link", "show", "dev", device], ct).ConfigureAwait(false);
        return links is [{ } link, ..] ? link["mtu"]?.GetValue<int>() : null;
    }
}
