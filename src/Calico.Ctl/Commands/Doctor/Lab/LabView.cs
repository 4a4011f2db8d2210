using System.Text.Json.Nodes;

namespace Calico.Ctl.Commands.Doctor.Lab;

/// <summary>
/// What doctor reads of a calico-lab lab (docs/lab.md): lab.json, pods/*.json, logs/&lt;node&gt;.log, bird/&lt;node&gt;.ctl
/// and cni/&lt;node&gt;.conflist under $CALICO_LAB_STATE_DIR/$CALICO_LAB_NAME. Read as plain JSON so calicoctl does not
/// depend on calico-lab.
/// </summary>
internal sealed class LabView
{
    /// <summary>Names the lab (set by <c>calico-lab env</c>).</summary>
    public const string NameVariable = "CALICO_LAB_NAME";

    /// <summary>The labs' state root (default /var/lib/calico-lab).</summary>
    public const string StateDirectoryVariable = "CALICO_LAB_STATE_DIR";

    private const string DefaultRoot = "/var/lib/calico-lab";

    private LabView(string name, string directory, string mode, IReadOnlyList<LabViewNode> nodes, IReadOnlyList<LabViewPod> pods)
    {
        Name = name;
        Directory = directory;
        Mode = mode;
        Nodes = nodes;
        Pods = pods;
    }

    /// <summary>The lab's name.</summary>
    public string Name { get; }

    /// <summary>The lab's own directory.</summary>
    public string Directory { get; }

    /// <summary><c>vxlan</c> or <c>bgp</c>.</summary>
    public string Mode { get; }

    /// <summary>True in bgp mode (BIRD on every node).</summary>
    public bool IsBgp => string.Equals(Mode, "bgp", StringComparison.Ordinal);

    /// <summary>The lab's nodes.</summary>
    public IReadOnlyList<LabViewNode> Nodes { get; }

    /// <summary>The pods the lab started.</summary>
    public IReadOnlyList<LabViewPod> Pods { get; }

    /// <summary>The node's calico-node log.</summary>
    public string LogFile(string node) => Path.Combine(Directory, "logs", $"{node}.log");

    /// <summary>The node's BIRD control socket (bgp mode).</summary>
    public string BirdSocket(string node) => Path.Combine(Directory, "bird", $"{node}.ctl");

    /// <summary>
    /// The lab named by CALICO_LAB_NAME under CALICO_LAB_STATE_DIR, or null when CALICO_LAB_NAME is unset or no such
    /// lab is up (doctor then runs only the datastore checks).
    /// </summary>
    public static async ValueTask<LabView?> FindAsync(IReadOnlyDictionary<string, string?> variables, CancellationToken ct)
    {
        if (!variables.TryGetValue(NameVariable, out var name) || string.IsNullOrWhiteSpace(name) || name.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }

        var root = variables.TryGetValue(StateDirectoryVariable, out var r) && !string.IsNullOrWhiteSpace(r) ? r : DefaultRoot;
        var directory = Path.Combine(root, name);
        var stateFile = Path.Combine(directory, "lab.json");
        if (!File.Exists(stateFile))
        {
            return null;
        }

        var state = JsonNode.Parse(await File.ReadAllTextAsync(stateFile, ct).ConfigureAwait(false));
        var nodes = new List<LabViewNode>();
        foreach (var node in state?["nodes"]?.AsArray() ?? [])
        {
            nodes.Add(new LabViewNode(Text(node, "name"), Text(node, "namespace"), Text(node, "address"), Text(node, "cniConfigPath")));
        }

        var pods = new List<LabViewPod>();
        var podsDirectory = Path.Combine(directory, "pods");
        if (System.IO.Directory.Exists(podsDirectory))
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(podsDirectory, "*.json").Order(StringComparer.Ordinal))
            {
                var pod = JsonNode.Parse(await File.ReadAllTextAsync(file, ct).ConfigureAwait(false));
                var addresses = pod?["addresses"]?.AsArray().Select(a => a?.GetValue<string>()).OfType<string>().ToList() ?? [];
                pods.Add(new LabViewPod(Text(pod, "namespace"), Text(pod, "name"), Text(pod, "node"), Text(pod, "networkNamespace"), addresses));
            }
        }

        return new LabView(name, directory, state?["mode"]?.GetValue<string>() ?? "vxlan", nodes, pods);
    }

    private static string Text(JsonNode? node, string property) => node?[property]?.GetValue<string>() ?? string.Empty;
}
