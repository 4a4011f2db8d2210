using System.Net;
using Calico.Api;
using Calico.Api.Serialization;
using Calico.Datastore;
using Calico.Ipam;

namespace Calico.Ctl.Tests;

public sealed class IpamCommandTests : IDisposable
{
    private const string Pools = """
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: v4}
        spec: {cidr: 10.0.0.0/16}
        ---
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: v6}
        spec: {cidr: 'fd00:1::/64'}
        """;

    private readonly CtlHarness _ctl = new();

    public void Dispose() => _ctl.Dispose();

    private async Task<IDatastore> OpenAsync() => await DatastoreFactory.OpenSqliteAsync(new SqliteDatastoreOptions { Path = _ctl.DatabasePath });

    /// <summary>Applies the pools and assigns addresses like the CNI plugin: pods with endpoints, plus one leaked allocation.</summary>
    private async Task<(IPAddress Live, IPAddress Leaked)> SeedAsync()
    {
        (await _ctl.RunAsync("apply", "-f", _ctl.WriteFile("pools.yaml", Pools))).ShouldSucceed();
        await using var datastore = await OpenAsync();
        var ipam = IpamClientFactory.Create(datastore);
        var live = await ipam.AssignIpAsync(new AssignIpRequest
        {
            Address = IPAddress.Parse("10.0.0.1"),
            HandleId = "k8s-pod-network.live",
            Node = "node1",
            Attributes = new Dictionary<string, string> { ["namespace"] = "default", ["pod"] = "web" },
        });
        var leaked = await ipam.AssignIpAsync(new AssignIpRequest { Address = IPAddress.Parse("10.0.0.2"), HandleId = "k8s-pod-network.gone", Node = "node1" });
        await ipam.AssignIpAsync(new AssignIpRequest { Address = IPAddress.Parse("fd00:1::5"), HandleId = "k8s-pod-network.live", Node = "node1" });
        var endpoint = new Api.Resources.WorkloadEndpoint
        {
            Metadata = { Name = "node1-k8s-web-eth0", Namespace = "default" },
            Spec = { Node = "node1", ContainerId = "live", Pod = "web", Endpoint = "eth0", IpNetworks = ["10.0.0.1/32", "fd00:1::5/128"] },
        };
        await datastore.CreateAsync(ResourceKey.Namespaced(ResourceKinds.WorkloadEndpoint.StoreKind, "default", endpoint.Name), ResourceCodec.EncodeJson(endpoint));
        return (live.Address, leaked.Address);
    }

    [Fact]
    public async Task Show_Pools_PrintsCalicosTable()
    {
        await SeedAsync();

        var result = (await _ctl.RunAsync("ipam", "show")).ShouldSucceed();

        Assert.Equal(
            """
            +----------+-------------+------------+------------+-------------------+
            | GROUPING |    CIDR     | IPS TOTAL  | IPS IN USE |     IPS FREE      |
            +----------+-------------+------------+------------+-------------------+
            | IP Pool  | 10.0.0.0/16 |      65536 | 2 (0%)     | 65534 (100%)      |
            | IP Pool  | fd00:1::/64 | 1.8447e+19 | 1 (0%)     | 1.8447e+19 (100%) |
            +----------+-------------+------------+------------+-------------------+

            """.ReplaceLineEndings("\n"), result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Show_ShowBlocks_AddsBlockRows()
    {
        await SeedAsync();

        var lines = (await _ctl.RunAsync("ipam", "show", "--show-blocks")).ShouldSucceed().Stdout.Split('\n');

        Assert.Contains("| Block    | 10.0.0.0/26  |         64 | 2 (3%)     | 62 (97%)          |", lines);
        Assert.Contains("| Block    | fd00:1::/122 |         64 | 1 (2%)     | 63 (98%)          |", lines);
        Assert.Equal(4, lines.Count(l => l.StartsWith("| IP Pool", StringComparison.Ordinal) || l.StartsWith("| Block", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Show_Ip_SaysWhoHoldsItOrThatItIsFree()
    {
        await SeedAsync();

        var held = (await _ctl.RunAsync("ipam", "show", "--ip=10.0.0.1")).ShouldSucceed();
        var free = (await _ctl.RunAsync("ipam", "show", "--ip", "10.0.0.99")).ShouldSucceed();
        var bad = await _ctl.RunAsync("ipam", "show", "--ip=10.0.0.300");

        Assert.Equal(
            """
            IP 10.0.0.1 is in use
            Handle ID: k8s-pod-network.live
            Attributes:
              namespace: default
              node: node1
              pod: web
            Block: 10.0.0.0/26 (affine to node node1)

            """.ReplaceLineEndings("\n"), held.Stdout.ReplaceLineEndings("\n"));
        Assert.Equal("IP 10.0.0.99 is not assigned\n", free.Stdout.ReplaceLineEndings("\n"));
        Assert.Equal(1, bad.ExitCode);
        Assert.Equal(["calicoctl: invalid IP address \"10.0.0.300\""], bad.ErrorLines);
    }

    [Fact]
    public async Task Check_Leak_ReportedWithExitZeroAndReportWritten()
    {
        var (_, leaked) = await SeedAsync();
        var reportPath = Path.Combine(_ctl.Directory, "report.json");

        var result = (await _ctl.RunAsync("ipam", "check", "-o", reportPath)).ShouldSucceed();

        Assert.Contains("Checking IPAM for inconsistencies...", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"  {leaked} in block 10.0.0.0/26 is allocated to handle k8s-pod-network.gone (node node1) but is not in use: no WorkloadEndpoint has containerID gone", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Found 1 IPs that are allocated in IPAM but not actually in use.", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Workloads and nodes are using 2 IPs.", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Check complete; found 1 problems (1 can be repaired with 'calicoctl ipam release --from-report').", result.Stdout, StringComparison.Ordinal);
        var report = IpamCheckReport.FromJson(await File.ReadAllTextAsync(reportPath));
        Assert.Equal(leaked.ToString(), Assert.Single(report.Findings).Address);
    }

    [Fact]
    public async Task ReleaseFromReport_ReleasesLeak_ThenCheckIsClean()
    {
        var (live, leaked) = await SeedAsync();
        var reportPath = Path.Combine(_ctl.Directory, "report.json");
        (await _ctl.RunAsync("ipam", "check", "-o", reportPath)).ShouldSucceed();

        var released = (await _ctl.RunAsync("ipam", "release", $"--from-report={reportPath}")).ShouldSucceed();
        var again = (await _ctl.RunAsync("ipam", "release", "--from-report", reportPath)).ShouldSucceed();
        var check = (await _ctl.RunAsync("ipam", "check")).ShouldSucceed();

        Assert.Contains("Released 1 IPs and repaired 0 other problems; skipped 0.", released.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Skipped: {leaked} in block", again.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{leaked} is no longer allocated", again.Stdout, StringComparison.Ordinal);
        Assert.Contains("Check complete; found 0 problems", check.Stdout, StringComparison.Ordinal);
        Assert.Contains("is in use", (await _ctl.RunAsync("ipam", "show", $"--ip={live}")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReleaseIp_AssignedThenNotAssigned()
    {
        var (_, leaked) = await SeedAsync();

        var released = (await _ctl.RunAsync("ipam", "release", $"--ip={leaked}")).ShouldSucceed();
        var twice = await _ctl.RunAsync("ipam", "release", $"--ip={leaked}");

        Assert.Equal($"Successfully released IP address {leaked}\n", released.Stdout.ReplaceLineEndings("\n"));
        Assert.Equal(1, twice.ExitCode);
        Assert.Equal([$"calicoctl: IP address {leaked} is not assigned"], twice.ErrorLines);
    }

    [Fact]
    public async Task Release_BadArguments_OneLineErrors()
    {
        var neither = await _ctl.RunAsync("ipam", "release");
        var badReport = await _ctl.RunAsync("ipam", "release", "--from-report", _ctl.WriteFile("r.json", "{\"format\":\"other\"}"));
        var missing = await _ctl.RunAsync("ipam", "release", "--from-report", Path.Combine(_ctl.Directory, "nope.json"));

        Assert.Equal(1, neither.ExitCode);
        Assert.Equal(["calicoctl: ipam release: give either --ip=ADDR or --from-report=FILE"], neither.ErrorLines);
        Assert.Equal(1, badReport.ExitCode);
        Assert.Single(badReport.ErrorLines);
        Assert.Contains("not an IPAM check report", badReport.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Single(missing.ErrorLines);
    }

    [Fact]
    public async Task Check_CannotRun_ExitsOne()
    {
        var result = await _ctl.RunAsync("ipam", "check", "-c", Path.Combine(_ctl.Directory, "missing.cfg"));

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.ErrorLines);
    }

    [Fact]
    public async Task Show_Empty_PrintsHeaderOnly()
    {
        var result = (await _ctl.RunAsync("ipam", "show")).ShouldSucceed();

        Assert.Equal(4, result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
