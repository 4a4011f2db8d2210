using System.Diagnostics;
using Calico.Testing;

namespace Calico.Runtimes.Tests;

[CollectionDefinition(Name)]
public sealed class RuntimeCollection : ICollectionFixture<RuntimeTools>
{
    public const string Name = "container runtimes";
}

/// <summary>
/// Shared by the runtime tests (one collection, so they run one after another): cnitool and minicri, built once per run
/// from Debian's sources by the shared scripts (or taken from CALICO_RUNTIME_TOOLS if it holds both), and the host-wide
/// leftovers of containerd and podman (README of shared/env: parent cgroups, /run/runc, /run/containerd/s, the libcni
/// cache dir, podman's blob-info cache). Whatever of those did not exist before the first test is removed after the
/// last one, if empty. Nothing is built or touched unless a test asks for the tools (so skipped tests cost nothing).
/// </summary>
public sealed class RuntimeTools : IAsyncLifetime
{
    private static readonly string[] HostLeftovers =
    [
        "/run/runc",
        "/run/containerd/s",
        "/run/containerd",
        "/var/lib/cni/results",
        "/var/lib/cni",
        "/var/lib/containers/cache/blob-info-cache-v1.boltdb",
        "/var/lib/containers/cache",
        "/var/lib/containers",
    ];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<string> _absentBefore = [];
    private string? _buildDirectory;
    private bool _ready;
    private Exception? _failure;

    public string Cnitool { get; private set; } = string.Empty;

    public string Minicri { get; private set; } = string.Empty;

    public TimeSpan BuildTime { get; private set; }

    /// <summary>shared/env next to the repository (override: CALICO_SHARED_ENV).</summary>
    public static string SharedEnv =>
        Environment.GetEnvironmentVariable("CALICO_SHARED_ENV") is { Length: > 0 } dir
            ? dir
            : Path.GetFullPath(Path.Combine(RepositoryPaths.Root, "..", "shared", "env"));

    /// <summary>Builds the tools on first use (both at once; 40–48 s on 2 cores) and remembers the host's state.</summary>
    public async Task EnsureAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_ready)
            {
                return;
            }

            // a failed build fails every test at once instead of being retried by each
            if (_failure is not null)
            {
                throw new InvalidOperationException("building cnitool/minicri failed earlier in this run", _failure);
            }

            RememberHostState();
            var started = Stopwatch.GetTimestamp();
            var prebuilt = Environment.GetEnvironmentVariable("CALICO_RUNTIME_TOOLS");
            if (prebuilt is { Length: > 0 } && File.Exists(Path.Combine(prebuilt, "cnitool")) && File.Exists(Path.Combine(prebuilt, "minicri")))
            {
                Cnitool = Path.Combine(prebuilt, "cnitool");
                Minicri = Path.Combine(prebuilt, "minicri");
            }
            else
            {
                _buildDirectory = Directory.CreateTempSubdirectory("calico-test-rt-tools-").FullName;
                var scratch = Directory.CreateDirectory(Path.Combine(_buildDirectory, "tmp")).FullName;
                var environment = new Dictionary<string, string> { ["TMPDIR"] = scratch };
                var limit = TimeSpan.FromMinutes(5);
                try
                {
                    var builds = await Task.WhenAll(
                        Processes.RunAsync(Path.Combine(SharedEnv, "build-cnitool.sh"), [_buildDirectory], environment, timeout: limit),
                        Processes.RunAsync(Path.Combine(SharedEnv, "build-minicri.sh"), [_buildDirectory], environment, timeout: limit));
                    foreach (var build in builds)
                    {
                        build.ShouldSucceed();
                    }
                }
                catch (Exception e)
                {
                    _failure = e;
                    throw;
                }

                Cnitool = Path.Combine(_buildDirectory, "cnitool");
                Minicri = Path.Combine(_buildDirectory, "minicri");
            }

            BuildTime = Stopwatch.GetElapsedTime(started);
            _ready = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (_buildDirectory is not null && Directory.Exists(_buildDirectory))
        {
            Directory.Delete(_buildDirectory, recursive: true);
        }

        foreach (var path in _absentBefore)
        {
            RemoveIfEmpty(path);
        }

        _gate.Dispose();
        return Task.CompletedTask;
    }

    private void RememberHostState()
    {
        var candidates = HostLeftovers.ToList();
        foreach (var controller in Directory.Exists("/sys/fs/cgroup") ? Directory.GetDirectories("/sys/fs/cgroup") : [])
        {
            candidates.Add(Path.Combine(controller, "k8s.io"));
            candidates.Add(Path.Combine(controller, "libpod_parent"));
        }

        _absentBefore.AddRange(candidates.Where(p => !File.Exists(p) && !Directory.Exists(p)));
    }

    /// <summary>rmdir, deepest first (empty cgroups can be removed although they list control files); files: delete.</summary>
    private static void RemoveIfEmpty(string path)
    {
        try
        {
            if (File.Exists(path))
            {
                File.Delete(path);
                return;
            }

            if (!Directory.Exists(path))
            {
                return;
            }

            foreach (var child in Directory.GetDirectories(path))
            {
                RemoveIfEmpty(child);
            }

            Directory.Delete(path, recursive: false);
        }
        catch (IOException)
        {
            // not empty (in use by someone else): leave it
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
