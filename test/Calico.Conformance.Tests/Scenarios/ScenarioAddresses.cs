using System.Net;
using System.Text.RegularExpressions;
using Calico.Conformance.Tests.Model;

namespace Calico.Conformance.Tests.Scenarios;

/// <summary>Fills a scenario's placeholders with the lab's addresses (pod addresses come from IPAM, so YAML cannot name them).</summary>
public sealed partial class ScenarioAddresses(IReadOnlyDictionary<string, IPAddress> pods)
{
    public IReadOnlyDictionary<string, IPAddress> Pods => pods;

    /// <summary>Replaces every placeholder; throws on one it does not know.</summary>
    public string Render(string yaml) => Placeholder().Replace(yaml, match =>
    {
        var (function, argument) = (match.Groups[1].Value, match.Groups[2].Value);
        return function switch
        {
            "ip" => PodAddress(argument).ToString(),
            "cidr" => $"{PodAddress(argument)}/32",
            "pool" when argument.Length == 0 => KubeTestModel.PoolCidr,
            "node-ip" when argument.Length == 0 => KubeTestModel.NodeAddress.ToString(),
            "underlay-ip" when argument.Length == 0 => KubeTestModel.UnderlayAddress.ToString(),
            _ => throw new FormatException($"unknown placeholder {match.Value}"),
        };
    });

    private IPAddress PodAddress(string pod) =>
        pods.TryGetValue(pod, out var address) ? address : throw new FormatException($"placeholder names pod \"{pod}\", which the lab does not have");

    [GeneratedRegex(@"\{\{\s*([a-z-]+)\s*([a-z0-9./-]*)\s*\}\}")]
    private static partial Regex Placeholder();
}
