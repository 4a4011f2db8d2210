using System.Text.Json;
using System.Text.RegularExpressions;

namespace Calico.Lab.State;

/// <summary>
/// Where a lab keeps its files: $CALICO_LAB_STATE_DIR (default /var/lib/calico-lab) / &lt;lab&gt;: lab.json, calico.db (or
/// etcd/ for an etcd lab), cni/&lt;node&gt;.conflist, pods/&lt;ns&gt;_&lt;pod&gt;.json, logs/.
/// </summary>
public sealed partial class LabDirectory
{
    public const string DefaultRoot = "/var/lib/calico-lab";
    public const string DefaultLabName = "calico-lab";

    private LabDirectory(string root, string name)
    {
        Root = root;
        Name = name;
        Path = System.IO.Path.Combine(root, name);
    }

    public string Root { get; }

    public string Name { get; }

    public string Path { get; }

    public string StateFile => System.IO.Path.Combine(Path, "lab.json");

    public string DatastorePath => System.IO.Path.Combine(Path, "calico.db");

    public string PodsDirectory => System.IO.Path.Combine(Path, "pods");

    public string CniDirectory => System.IO.Path.Combine(Path, "cni");

    /// <summary>The etcd members' working directories (etcd labs): etcd/&lt;member&gt;/data and etcd/&lt;member&gt;/etcd.sock:0.</summary>
    public string EtcdDirectory => System.IO.Path.Combine(Path, "etcd");

    public string LogsDirectory => System.IO.Path.Combine(Path, "logs");

    /// <summary>Each node's BIRD files (bgp mode): &lt;node&gt;.cfg, &lt;node&gt;.ctl (the control socket calicoctl node status reads), &lt;node&gt;.pid.</summary>
    public string BirdDirectory => System.IO.Path.Combine(Path, "bird");

    public string BirdSocket(string node) => System.IO.Path.Combine(BirdDirectory, $"{node}.ctl");

    public bool Exists => File.Exists(StateFile);

    public static LabDirectory For(string? name, IReadOnlyDictionary<string, string?> environment)
    {
        var root = RootOf(environment);
        name ??= environment.TryGetValue("CALICO_LAB_NAME", out var n) && !string.IsNullOrEmpty(n) ? n : DefaultLabName;
        if (!NamePattern().IsMatch(name))
        {
            throw new LabException($"lab name \"{name}\" is invalid: lower-case letters, digits and '-', at most 20 characters, starting with a letter");
        }

        return new LabDirectory(root, name);
    }

    public static IEnumerable<string> ListNames(IReadOnlyDictionary<string, string?> environment)
    {
        var root = RootOf(environment);
        return Directory.Exists(root) ? Directory.EnumerateDirectories(root).Select(System.IO.Path.GetFileName).OfType<string>() : [];
    }

    private static string RootOf(IReadOnlyDictionary<string, string?> environment) =>
        environment.TryGetValue("CALICO_LAB_STATE_DIR", out var root) && !string.IsNullOrEmpty(root) ? root : DefaultRoot;

    public LabState Load() => Exists
        ? JsonSerializer.Deserialize(File.ReadAllText(StateFile), LabJsonContext.Default.LabState) ?? throw new LabException($"{StateFile} is empty")
        : throw new LabException($"no lab named \"{Name}\" is up (run: calico-lab up)");

    public void Save(LabState state)
    {
        Directory.CreateDirectory(Path);
        var temp = StateFile + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(state, LabJsonContext.Default.LabState));
        File.Move(temp, StateFile, overwrite: true);
    }

    public string PodFile(string ns, string pod) => System.IO.Path.Combine(PodsDirectory, $"{ns}_{pod}.json");

    public LabPod? LoadPod(string ns, string pod) =>
        File.Exists(PodFile(ns, pod)) ? JsonSerializer.Deserialize(File.ReadAllText(PodFile(ns, pod)), LabJsonContext.Default.LabPod) : null;

    public IEnumerable<LabPod> LoadPods() => Directory.Exists(PodsDirectory)
        ? Directory.EnumerateFiles(PodsDirectory, "*.json").Select(f => JsonSerializer.Deserialize(File.ReadAllText(f), LabJsonContext.Default.LabPod)).OfType<LabPod>()
        : [];

    public void SavePod(LabPod pod)
    {
        Directory.CreateDirectory(PodsDirectory);
        var path = PodFile(pod.Namespace, pod.Name);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(pod, LabJsonContext.Default.LabPod));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public void DeletePod(string ns, string pod) => File.Delete(PodFile(ns, pod));

    [GeneratedRegex("^[a-z][a-z0-9-]{0,19}$")]
    private static partial Regex NamePattern();
}
