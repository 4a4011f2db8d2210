using Calico.Ctl;
using Calico.Lab.ControlPlane;
using Calico.Lab.State;
using Calico.Testing;

namespace Calico.Lab.Testing;

/// <summary>A lab with a unique name and its own state directory; `down` in Dispose removes every namespace and file, also on failure.</summary>
public sealed class LabHarness : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _variables;

    /// <param name="variables">More environment for calico-lab, e.g. <c>FELIX_*</c> settings it passes to calico-node.</param>
    public LabHarness(IReadOnlyDictionary<string, string?>? variables = null)
    {
        Name = UniqueNames.Lab();
        StateDirectory = Path.Combine(Path.GetTempPath(), $"calico-test-lab-{Name}");
        _variables = new Dictionary<string, string?>
        {
            ["CALICO_LAB_STATE_DIR"] = StateDirectory,
            ["CALICO_LAB_NAME"] = Name,
        };
        foreach (var (key, value) in variables ?? new Dictionary<string, string?>())
        {
            _variables[key] = value;
        }
    }

    public string Name { get; }

    public string StateDirectory { get; }

    public string DatastorePath => Path.Combine(StateDirectory, Name, "calico.db");

    /// <summary>The lab's own directory (lab.json, calico.db, pods/, logs/): removed by `down`.</summary>
    public string LabDirectoryPath => Path.Combine(StateDirectory, Name);

    /// <summary>The lab's state (lab.json) as calico-lab recorded it; throws when the lab is not up.</summary>
    public LabState State => LabDirectory.For(Name, _variables).Load();

    /// <summary>The control-plane namespace (etcd labs).</summary>
    public string ControlPlaneNamespace => LabNamespaceNames.ControlPlane(Name);

    /// <summary>The underlay namespace (bridge br0, 198.18.0.1).</summary>
    public string UnderlayNamespace => LabNamespaceNames.Underlay(Name);

    /// <summary>The external host's namespace (203.0.113.10, behind the underlay).</summary>
    public string ExternalNamespace => LabNamespaceNames.External(Name);

    /// <summary>Node <paramref name="node"/>'s BIRD control socket (bgp mode), for <c>CALICO_BIRD_SOCKET</c>.</summary>
    public string BirdSocket(string node) => LabDirectory.For(Name, _variables).BirdSocket(node);

    /// <summary>The network namespace of node <paramref name="index"/> (1-based).</summary>
    public string NodeNamespace(int index) => LabNamespaceNames.Node(Name, index);

    /// <summary>The network namespace and addresses of a pod the lab started; throws when there is none.</summary>
    public LabPod Pod(string ns, string name) =>
        LabDirectory.For(Name, _variables).LoadPod(ns, name) ?? throw new InvalidOperationException($"lab {Name} has no pod {ns}/{name}");

    public async Task<(int Exit, string Stdout, string Stderr)> LabAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CalicoLab.RunAsync(args, new LabEnvironment(output, error, _variables, RepositoryPaths.Binaries), CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    public async Task<string> LabOkAsync(params string[] args)
    {
        var (exit, stdout, stderr) = await LabAsync(args);
        Assert.True(exit == 0, $"calico-lab {string.Join(' ', args)} failed ({exit}): {stderr}{stdout}");
        return stdout;
    }

    public Task<(int Exit, string Stdout, string Stderr)> CtlAsync(params string[] args) => CtlAsync(new Dictionary<string, string?>(), args);

    /// <summary>
    /// calicoctl with more environment, e.g. <c>CALICO_BIRD_SOCKET</c> of one node for <c>node status</c>; pointed at the
    /// lab's datastore (the SQLite file, or the etcd members' unix sockets) unless <paramref name="extra"/> says otherwise.
    /// </summary>
    public async Task<(int Exit, string Stdout, string Stderr)> CtlAsync(IReadOnlyDictionary<string, string?> extra, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var directory = LabDirectory.For(Name, _variables);
        var variables = directory.Exists
            ? LabDatastoreAccess.ClientVariables(directory.Load()).ToDictionary(v => v.Key, v => (string?)v.Value)
            : new Dictionary<string, string?> { ["DATASTORE_TYPE"] = "sqlite", ["SQLITE_PATH"] = DatastorePath };
        foreach (var (key, value) in extra)
        {
            variables[key] = value;
        }

        var exit = await CalicoCtl.RunAsync(args, new CtlEnvironment(new StringReader(string.Empty), output, error, variables), CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    public async Task<string> CtlOkAsync(params string[] args)
    {
        var (exit, stdout, stderr) = await CtlAsync(args);
        Assert.True(exit == 0, $"calicoctl {string.Join(' ', args)} failed ({exit}): {stderr}{stdout}");
        return stdout;
    }

    /// <summary>Runs a command inside a pod's network namespace; returns its exit code and output.</summary>
    public async Task<(int Exit, string Output)> ExecAsync(string pod, params string[] command)
    {
        var (exit, stdout, stderr) = await LabAsync(["exec", pod, "--", .. command]);
        return (exit, stdout + stderr);
    }

    public async ValueTask DisposeAsync()
    {
        await LabAsync("down");
        if (Directory.Exists(StateDirectory))
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
    }
}
