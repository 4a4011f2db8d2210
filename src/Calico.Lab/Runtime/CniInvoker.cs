using System.Text.Json.Nodes;

namespace Calico.Lab.Runtime;

/// <summary>
/// Calls CNI plugins the way a container runtime does: each plugin of a conflist in turn, with the list's name and
/// cniVersion and the previous plugin's result, executed inside the node's network namespace.
/// </summary>
internal sealed class CniInvoker(string pluginDirectory)
{
    public sealed record Outcome(bool Success, string Output, string Error, TimeSpan Elapsed);

    public async Task<Outcome> InvokeAsync(string command, string conflistPath, string nodeNamespace, string containerId, string netnsPath,
        IReadOnlyDictionary<string, string> args, CancellationToken ct)
    {
        var conflist = JsonNode.Parse(await File.ReadAllTextAsync(conflistPath, ct).ConfigureAwait(false))!.AsObject();
        var plugins = conflist["plugins"]!.AsArray().Select(p => p!.AsObject()).ToList();
        if (command == "DEL")
        {
            plugins.Reverse();
        }

        JsonNode? previous = null;
        var elapsed = TimeSpan.Zero;
        var lastOutput = string.Empty;
        foreach (var plugin in plugins)
        {
            var conf = plugin.DeepClone().AsObject();
            conf["name"] = conflist["name"]!.DeepClone();
            conf["cniVersion"] = conflist["cniVersion"]!.DeepClone();
            if (previous is not null && command != "DEL")
            {
                conf["prevResult"] = previous.DeepClone();
            }

            var type = (string)plugin["type"]!;
            var environment = new Dictionary<string, string>
            {
                ["CNI_COMMAND"] = command,
                ["CNI_CONTAINERID"] = containerId,
                ["CNI_NETNS"] = netnsPath,
                ["CNI_IFNAME"] = "eth0",
                ["CNI_PATH"] = pluginDirectory,
                ["CNI_ARGS"] = string.Join(";", args.Select(a => $"{a.Key}={a.Value}")),
            };
            var result = await ProcessRunner.RunAsync("ip", ["netns", "exec", nodeNamespace, Path.Combine(pluginDirectory, type)],
                conf.ToJsonString(), environment, TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
            elapsed += result.Elapsed;
            if (result.ExitCode != 0)
            {
                return new Outcome(false, result.Stdout, result.Stderr, elapsed);
            }

            lastOutput = result.Stdout;
            if (command == "ADD" && result.Stdout.Trim().Length > 0)
            {
                previous = JsonNode.Parse(result.Stdout);
            }
        }

        return new Outcome(true, lastOutput, string.Empty, elapsed);
    }
}
