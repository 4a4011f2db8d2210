using Calico.Ctl.Commands.Doctor.Checks;

namespace Calico.Ctl.Tests.Doctor;

/// <summary>Warnings and errors picked out of calico-node's log lines, only recent ones.</summary>
public sealed class LogProblemReaderTests
{
    private static readonly string[] Lines =
    [
        "2026-11-22 06:40:00.000 fail: felix.dataplane[302] Dataplane apply failed; old",
        "2026-11-22 06:47:26.151 info: felix.calc[100] In sync at revision 12",
        "2026-11-22 06:47:27.000 warn: felix.calc[103] Cannot render as written: policy app/x is in tier \"missing\", which does not exist",
        "2026-11-22 06:47:28.000 fail: bgp[401] cannot start BIRD (bird): no such file; BGP routes will not be exchanged",
        "      at Some.Stack.Frame()",
    ];

    [Fact]
    public void Read_KeepsRecentWarningsAndErrors_WithComponent()
    {
        var problems = LogProblemReader.Read(Lines, new DateTime(2026, 11, 22, 6, 45, 0, DateTimeKind.Unspecified));

        Assert.Equal(2, problems.Count);
        Assert.Equal(("warn", "felix.calc", "Felix"), (problems[0].Level, problems[0].Category, problems[0].Component));
        Assert.StartsWith("Cannot render as written: policy app/x", problems[0].Message, StringComparison.Ordinal);
        Assert.Equal(("fail", "BGP"), (problems[1].Level, problems[1].Component));
    }

    [Fact]
    public void Read_OldLines_AreIgnored() =>
        Assert.Empty(LogProblemReader.Read(Lines, new DateTime(2026, 11, 22, 7, 0, 0, DateTimeKind.Unspecified)));
}
