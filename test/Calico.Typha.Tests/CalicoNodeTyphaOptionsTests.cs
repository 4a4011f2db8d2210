using Calico.Node;

namespace Calico.Typha.Tests;

/// <summary>calico-node's Typha settings: a bad value stops it with a message naming the variable.</summary>
public sealed class CalicoNodeTyphaOptionsTests
{
    public static TheoryData<Dictionary<string, string?>, string> BadSettings => new()
    {
        { new() { ["FELIX_TYPHAADDR"] = "typha:port" }, "FELIX_TYPHAADDR=\"typha:port\": \"typha:port\" is not host:port" },
        { new() { ["FELIX_TYPHAADDR"] = "typha:5473", ["FELIX_TYPHACAFILE"] = "/ca.pem" }, "FELIX_TYPHACERTFILE is not set" },
        { new() { ["FELIX_TYPHACAFILE"] = "/a", ["FELIX_TYPHACERTFILE"] = "/b", ["FELIX_TYPHAKEYFILE"] = "/c" }, "FELIX_TYPHACN or FELIX_TYPHAURISAN is not set" },
        { new() { ["FELIX_TYPHACAFILE"] = "/nonexistent/ca.pem", ["FELIX_TYPHACERTFILE"] = "/b", ["FELIX_TYPHAKEYFILE"] = "/c", ["FELIX_TYPHACN"] = "typha" }, "FELIX_TYPHACAFILE=/nonexistent/ca.pem: file does not exist" },
        { new() { ["FELIX_TYPHAREADTIMEOUT"] = "soon" }, "FELIX_TYPHAREADTIMEOUT=\"soon\"" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task Run_BadTyphaSetting_ExitsOneNamingTheVariable(Dictionary<string, string?> environment, string expected)
    {
        var error = new StringWriter();

        var exit = await CalicoNode.RunAsync(environment, error, CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }
}
