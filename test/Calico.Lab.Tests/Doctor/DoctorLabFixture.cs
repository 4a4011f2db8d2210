using Calico.Lab.Testing;
using Calico.Testing;

namespace Calico.Lab.Tests.Doctor;

/// <summary>
/// One VXLAN lab shared by the fault tests: two nodes, app/frontend on node1 and app/web-api (port 8080) on node2, and
/// the seed's policy. Before any fault is injected, doctor is run until it is silent; that run is kept for the
/// healthy-lab test.
/// </summary>
public sealed class DoctorLabFixture : IAsyncLifetime
{
    private LabHarness? _lab;

    public DoctorLab Doctor { get; private set; } = null!;

    /// <summary>doctor on the healthy lab, before any fault.</summary>
    public (int Exit, string Stdout, string Stderr) HealthyRun { get; private set; }

    public async Task InitializeAsync()
    {
        if (!Privileges.IsRoot && !Privileges.IsCi)
        {
            return;
        }

        _lab = new LabHarness();
        Doctor = new DoctorLab(_lab);
        await _lab.LabOkAsync("up", "--nodes", "2");
        await _lab.LabOkAsync("pod", "add", "app/frontend", "--labels", "app=frontend", "--node", "node1");
        await _lab.LabOkAsync("pod", "add", "app/web-api", "--labels", "app=web-api", "--ports", "http=8080/TCP", "--node", "node2");
        var (exit, stdout, stderr) = await _lab.CtlAsync("apply", "-f", SeedPolicy);
        Assert.True(exit == 0, stderr + stdout);
        HealthyRun = await Doctor.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        if (_lab is not null)
        {
            await _lab.DisposeAsync();
        }
    }

    private static string SeedPolicy
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "..", "shared", "seed", "calico-network-policy.yaml");
                if (File.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "Calico.slnx")))
                {
                    return Path.GetFullPath(candidate);
                }
            }

            throw new InvalidOperationException("cannot find ../shared/seed next to the repository");
        }
    }
}
