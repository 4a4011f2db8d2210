using System.Diagnostics;
using System.Text.Json;

namespace Calico.Datastore.Etcd.Tests;

/// <summary>
/// A throw-away etcd cluster on 127.0.0.1, started with <c>etcd-lab.sh</c> (../shared/env) in a unique directory under
/// /tmp and stopped by the PIDs in its PID files; the directory is removed afterwards, also when a test failed.
/// </summary>
public abstract class EtcdCluster : IAsyncLifetime
{
    private readonly int _members;
    private readonly int _basePort;

    protected EtcdCluster(int members, int basePort)
    {
        _members = members;
        _basePort = basePort;
        Directory = Path.Combine(Path.GetTempPath(), $"calico-etcd-test-{Guid.NewGuid():N}");
    }

    public string Directory { get; }

    public IReadOnlyList<Uri> Endpoints { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var script = LabScript();
        var (code, output, error) = await RunAsync(script, "start", Directory, _members.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _basePort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (code != 0)
        {
            await DisposeAsync();
            throw new InvalidOperationException($"etcd-lab.sh start failed ({code}); etcd-server must be installed (../shared/env/install-test-deps.sh): {error}{output}");
        }

        var endpoints = (await File.ReadAllTextAsync(Path.Combine(Directory, "endpoints"))).Trim();
        Endpoints = [.. endpoints.Split(',').Select(e => new Uri(e))];
    }

    public async Task DisposeAsync()
    {
        try
        {
            await RunAsync(LabScript(), "stop", Directory);
        }
        finally
        {
            if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
        }
    }

    /// <summary>Opens a store that sees an empty datastore at revision 0: a fresh key prefix, and etcd's current revision as base.</summary>
    public async Task<IDatastore> OpenFreshStoreAsync(int maxTransactionOperations = 128)
    {
        var probe = await DatastoreFactory.OpenEtcdAsync(new EtcdDatastoreOptions { Endpoints = Endpoints, RevisionBase = 0 });
        long revision;
        await using (probe)
        {
            revision = await probe.GetRevisionAsync();
        }

        return await DatastoreFactory.OpenEtcdAsync(new EtcdDatastoreOptions
        {
            Endpoints = Endpoints,
            KeyPrefix = $"/calico-test/{Guid.NewGuid():N}/",
            RevisionBase = revision,
            MaxTransactionOperations = maxTransactionOperations,
        });
    }

    /// <summary>The index of the member that is the raft leader now, from <c>etcdctl endpoint status</c>.</summary>
    public async Task<int> LeaderAsync()
    {
        var (code, output, error) = await RunAsync("etcdctl", "--endpoints", string.Join(",", Endpoints), "endpoint", "status", "-w", "json");
        Assert.True(code == 0, $"etcdctl endpoint status failed: {error}");
        using var json = JsonDocument.Parse(output);
        var statuses = json.RootElement.EnumerateArray().ToList();
        for (var i = 0; i < statuses.Count; i++)
        {
            var status = statuses[i].GetProperty("Status");
            if (status.GetProperty("header").GetProperty("member_id").GetUInt64() == status.GetProperty("leader").GetUInt64())
            {
                return Endpoints.ToList().IndexOf(new Uri(statuses[i].GetProperty("Endpoint").GetString()!));
            }
        }

        throw new InvalidOperationException($"no leader in {output}");
    }

    /// <summary>Kills member <paramref name="index"/> with SIGKILL, by the PID etcd-lab.sh recorded.</summary>
    public async Task KillMemberAsync(int index)
    {
        var pid = int.Parse((await File.ReadAllTextAsync(Path.Combine(Directory, $"m{index}.pid"))).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.GetProcessById(pid);
        process.Kill();
        await process.WaitForExitAsync();
    }

    /// <summary>
    /// Stops member <paramref name="index"/> with SIGTERM, by the PID etcd-lab.sh recorded, keeping its data directory;
    /// returns its command line for <see cref="RestartMemberAsync"/>.
    /// </summary>
    public async Task<IReadOnlyList<string>> StopMemberAsync(int index)
    {
        var pid = int.Parse((await File.ReadAllTextAsync(PidFile(index))).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var commandLine = (await File.ReadAllTextAsync($"/proc/{pid}/cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        using var process = Process.GetProcessById(pid);
        var (code, _, error) = await RunAsync("kill", "-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(code == 0, $"kill -TERM {pid} failed: {error}");
        await process.WaitForExitAsync();
        return commandLine;
    }

    /// <summary>
    /// Starts member <paramref name="index"/> again with <paramref name="commandLine"/> on its kept data directory (the
    /// initial-cluster flags are then ignored), logging to its log file; records the new PID so that stop finds it.
    /// </summary>
    public async Task RestartMemberAsync(int index, IReadOnlyList<string> commandLine)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$@\" >>\"$MEMBER_LOG\" 2>&1");
        start.ArgumentList.Add("sh");
        foreach (var arg in commandLine)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ETCD_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["MEMBER_LOG"] = Path.Combine(Directory, $"m{index}.log");
        using var process = Process.Start(start)!;
        await File.WriteAllTextAsync(PidFile(index), process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private string PidFile(int index) => Path.Combine(Directory, $"m{index}.pid");

    private static string LabScript()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("ETCD_LAB_SCRIPT");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "env", "etcd-lab.sh");
            if (File.Exists(Path.Combine(dir.FullName, "Calico.slnx")) && File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        return "/work/shared/env/etcd-lab.sh";
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
