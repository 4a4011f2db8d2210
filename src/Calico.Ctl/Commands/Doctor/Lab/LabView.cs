using Calico.Lab;
using Calico.Lab.State;

namespace Calico.Ctl.Commands.Doctor.Lab;

/// <summary>
/// What doctor reads of a calico-lab lab (docs/lab.md): lab.json, pods/*.json, logs/&lt;node&gt;.log, bird/&lt;node&gt;.ctl
/// and cni/&lt;node&gt;.conflist under $CALICO_LAB_STATE_DIR/$CALICO_LAB_NAME, through Calico.Lab.Client's state types.
/// </summary>
internal sealed class LabView
{
    /// <summary>Names the lab (set by <c>calico-lab env</c>).</summary>
    public const string NameVariable = "CALICO_LAB_NAME";

    private readonly LabDirectory _directory;

    private LabView(LabDirectory directory, string mode, IReadOnlyList<LabViewNode> nodes, IReadOnlyList<LabViewPod> pods)
    {
        _directory = directory;
        Mode = mode;
        Nodes = nodes;
        Pods = pods;
    }

    /// <summary>The lab's name.</summary>
    public string Name => _directory.Name;

    /// <summary>The lab's own directory.</summary>
    public string Directory => _directory.Path;

    /// <summary><c>vxlan</c> or <c>bgp</c>.</summary>
    public string Mode { get; }

    /// <summary>True in bgp mode (BIRD on every node).</summary>
    public bool IsBgp => string.Equals(Mode, LabModes.Bgp, StringComparison.Ordinal);

    /// <summary>The lab's nodes.</summary>
    public IReadOnlyList<LabViewNode> Nodes { get; }

    /// <summary>The pods the lab started.</summary>
    public IReadOnlyList<LabViewPod> Pods { get; }

    /// <summary>The node's calico-node log.</summary>
    public string LogFile(string node) => Path.Combine(_directory.LogsDirectory, $"{node}.log");

    /// <summary>The node's BIRD control socket (bgp mode).</summary>
    public string BirdSocket(string node) => _directory.BirdSocket(node);

    /// <summary>
    /// The lab named by CALICO_LAB_NAME under CALICO_LAB_STATE_DIR, read through calico-lab's own state files
    /// (<see cref="LabDirectory"/>), or null when CALICO_LAB_NAME is unset or invalid or no such lab is up (doctor then
    /// runs only the datastore checks).
    /// </summary>
    public static LabView? Find(IReadOnlyDictionary<string, string?> variables)
    {
        if (!variables.TryGetValue(NameVariable, out var name) || string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        LabDirectory directory;
        try
        {
            directory = LabDirectory.For(name, variables);
        }
        catch (LabException)
        {
            return null;
        }

        if (!directory.Exists)
        {
            return null;
        }

        var state = directory.Load();
        var nodes = state.Nodes.Select(n => new LabViewNode(n.Name, n.Namespace, n.Address, n.CniConfigPath)).ToList();
        var pods = directory.LoadPods()
            .OrderBy(p => p.Namespace, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => new LabViewPod(p.Namespace, p.Name, p.Node, p.NetworkNamespace, p.Addresses))
            .ToList();
        return new LabView(directory, state.Mode, nodes, pods);
    }

}
