using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Calico.Cni.Protocol;
using Calico.Cni.Workloads;

namespace Calico.Cni.Plugin;

/// <summary>Another IPAM plugin named by the config (e.g. host-local), executed from CNI_PATH as the CNI spec describes.</summary>
public sealed class DelegatedPodIpam(CniRequest request, IReadOnlyDictionary<string, string?> environment) : IPodIpam
{
    public async ValueTask<IReadOnlyList<IPAddress>> AssignAsync(WorkloadIdentity workload, CancellationToken ct)
    {
        var output = await RunAsync("ADD", ct).ConfigureAwait(false);
        var result = CniResultJson.Read(JsonNode.Parse(output)?.AsObject() ?? throw new CniException(CniErrorCode.DecodeFailure, "the IPAM plugin printed no result"));
        return result.Ips.Select(i => i.Address).ToList();
    }

    public async ValueTask ReleaseAsync(WorkloadIdentity workload, CancellationToken ct) => await RunAsync("DEL", ct).ConfigureAwait(false);

    /// <summary>Another plugin's state is its own; trust it (CHECK is delegated on the CHECK path).</summary>
    public ValueTask<bool> HoldsAsync(WorkloadIdentity workload, IReadOnlyList<IPAddress> addresses, CancellationToken ct) => ValueTask.FromResult(true);

    private async Task<string> RunAsync(string command, CancellationToken ct)
    {
        var type = request.Config.Ipam?.Type ?? throw new CniException(CniErrorCode.InvalidNetworkConfig, "ipam.type is required");
        var plugin = request.PluginPaths.Select(p => Path.Combine(p, type)).FirstOrDefault(File.Exists)
            ?? throw new CniException(CniErrorCode.InvalidNetworkConfig, $"IPAM plugin \"{type}\" was not found in CNI_PATH ({string.Join(":", request.PluginPaths)})");
        var info = new ProcessStartInfo(plugin) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in environment)
        {
            if (value is not null)
            {
                info.Environment[key] = value;
            }
        }

        info.Environment["CNI_COMMAND"] = command;
        using var process = Process.Start(info) ?? throw new CniException(CniErrorCode.IoFailure, $"cannot start IPAM plugin {plugin}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.StandardInput.WriteAsync(request.RawConfig.AsMemory(), ct).ConfigureAwait(false);
        process.StandardInput.Close();
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
        var output = await stdout.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            var message = JsonNode.Parse(output.Length > 0 ? output : "{}")?["msg"]?.ToString() ?? (await stderr.ConfigureAwait(false)).Trim();
            throw new CniException(CniErrorCode.NoAddressAvailable, $"IPAM plugin {type} {command} failed: {message}");
        }

        return output;
    }
}
