using Calico.Ctl;
using Calico.Testing;

namespace Calico.Ctl.Tests;

/// <summary>calicoctl node status against a fake BIRD socket replaying output recorded from BIRD 2.0.12.</summary>
public sealed class NodeStatusTests
{
    private sealed class FixedProbe(bool running) : ICalicoProcessProbe
    {
        public bool IsCalicoNodeRunning() => running;
    }

    private static async Task<CtlResult> RunAsync(bool calicoNodeRunning, string? socket, string? socket6 = null)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["CALICO_BIRD_SOCKET"] = socket ?? Path.Combine(Path.GetTempPath(), $"calico-test-ctl-{UniqueNames.Lab()}-absent.ctl"),
            ["CALICO_BIRD6_SOCKET"] = socket6,
        };
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new CtlEnvironment(new StringReader(string.Empty), output, error, variables) { ProcessProbe = new FixedProbe(calicoNodeRunning) };
        var exit = await CalicoCtl.RunAsync(["node", "status"], environment, CancellationToken.None);
        return new CtlResult(exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task NodeStatus_RecordedBirdOutput_PrintsCalicosTable()
    {
        await using var bird = FakeBirdSocket.ReplayingRecorded();

        var result = (await RunAsync(calicoNodeRunning: false, bird.Path)).ShouldSucceed();

        Assert.Equal(
            """
            Calico process is running.

            IPv4 BGP status
            +--------------+-------------------+-------+--------------+-------------+
            | PEER ADDRESS |     PEER TYPE     | STATE |    SINCE     |    INFO     |
            +--------------+-------------------+-------+--------------+-------------+
            | 10.250.44.2  | node-to-node mesh | up    | 06:08:38.157 | Established |
            | 10.250.44.9  | global            | start | 06:08:36.569 | Idle        |
            +--------------+-------------------+-------+--------------+-------------+

            IPv6 BGP status
            No IPv6 peers found.


            """.ReplaceLineEndings("\n"),
            result.Stdout);
    }

    [Fact]
    public async Task NodeStatus_CalicoNodeRunningButNoBird_SaysBirdIsNotRunning()
    {
        var result = (await RunAsync(calicoNodeRunning: true, socket: null)).ShouldSucceed();

        Assert.Equal(
            "Calico process is running.\n\nIPv4 BGP status\nThe BGP backend process (BIRD) is not running.\n\nIPv6 BGP status\nThe BGP backend process (BIRD) is not running.\n\n",
            result.Stdout);
    }

    [Fact]
    public async Task NodeStatus_NothingRunning_FailsWithCalicosMessage()
    {
        var result = await RunAsync(calicoNodeRunning: false, socket: null);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("calicoctl: Calico process is not running.", result.Stderr.Trim());
    }

    [Fact]
    public async Task NodeStatus_NoBgpSessions_SaysNoPeers()
    {
        await using var bird = new FakeBirdSocket(_ => "2002-Name       Proto      Table      State  Since         Info\n1002-kernel1    Kernel     master4    up     06:08:36.569  \n0000 \n");

        var result = (await RunAsync(calicoNodeRunning: true, bird.Path)).ShouldSucceed();

        Assert.Contains("IPv4 BGP status\nNo IPv4 peers found.\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeStatus_SeparateBird6Socket_ListsIPv6PeersFromIt()
    {
        await using var bird = FakeBirdSocket.ReplayingRecorded();
        await using var bird6 = new FakeBirdSocket(_ => "2002-Name       Proto      Table      State  Since         Info\n1002-Node_fd00__9 BGP        ---        up     06:08:38.157  Established\n0000 \n");

        var result = (await RunAsync(calicoNodeRunning: true, bird.Path, bird6.Path)).ShouldSucceed();

        Assert.Contains("| fd00::9      | node specific | up    | 06:08:38.157 | Established |", result.Stdout, StringComparison.Ordinal);
    }
}
