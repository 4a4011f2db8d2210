using Calico.Policy.Evaluation;
using Calico.Policy.Reachability;

namespace Calico.Policy.Tests.Reachability;

public class ReachabilityMatrixTests
{
    private static readonly string[] Names = ["x/a", "x/b"];

    private static readonly Probe[] Probes = [Probe.Tcp(80), Probe.Udp(53)];

    [Fact]
    public void Parse_CompactForm_ReadsEveryCell()
    {
        var matrix = ReachabilityMatrix.Parse(Names, Probes, """
            x/a .. X.
            x/b 0X 11
            """);

        Assert.True(matrix.IsAllowed("x/a", "x/b", Probe.Udp(53)));
        Assert.False(matrix.IsAllowed("x/a", "x/b", Probe.Tcp(80)));
        Assert.False(matrix[1, 0, 0]);
        Assert.False(matrix[1, 0, 1]);
        Assert.True(matrix[1, 1, 1]);
    }

    [Fact]
    public void ToString_Matrix_PrintsProbesHeaderAndRowsAndParsesBack()
    {
        var matrix = ReachabilityMatrix.FromFunction(Names, Probes, (from, to, probe) => from == to || probe.Protocol == ProtocolNames.Udp);

        var text = matrix.ToString();

        Assert.Equal(
            """
            probes: tcp/80 udp/53
                x/a x/b
            x/a ..  X.
            x/b X.  ..
            """.ReplaceLineEndings("\n"),
            text);
        Assert.Empty(matrix.DifferencesFrom(ReachabilityMatrix.Parse(Names, Probes, text)));
    }

    [Fact]
    public void Diff_EqualMatrices_IsEmpty()
    {
        var a = ReachabilityMatrix.FromFunction(Names, Probes, (_, _, _) => true);
        var b = ReachabilityMatrix.Parse(Names, Probes, "x/a .. ..\nx/b .. ..");

        Assert.Equal(string.Empty, ReachabilityMatrix.Diff(a, b));
    }

    [Fact]
    public void Diff_DifferentMatrices_ListsCellsAndMarksThem()
    {
        var expected = ReachabilityMatrix.Parse(Names, Probes, "x/a .. ..\nx/b .. ..");
        var actual = ReachabilityMatrix.Parse(Names, Probes, "x/a .. X.\nx/b .. ..");

        var diff = ReachabilityMatrix.Diff(expected, actual);

        Assert.Equal(
            """
            1 of 8 cells differ:
              x/a -> x/b tcp/80: expected allow, got deny
            expected:
            probes: tcp/80 udp/53
                x/a x/b
            x/a ..  ..
            x/b ..  ..
            actual (! allowed but expected denied, ? denied but expected allowed):
            probes: tcp/80 udp/53
                x/a x/b
            x/a ..  ?.
            x/b ..  ..
            """.ReplaceLineEndings("\n"),
            diff);
        Assert.Equal(new MatrixDifference("x/a", "x/b", Probe.Tcp(80), true, false), Assert.Single(expected.DifferencesFrom(actual)));
    }

    [Theory]
    [InlineData("x/a .. ..", "has 1 rows, expected 2")]
    [InlineData("x/b .. ..\nx/a .. ..", "row 1 is \"x/b\", expected \"x/a\"")]
    [InlineData("x/a .. ..\nx/b ..", "row x/b has 1 cells, expected 2")]
    [InlineData("x/a .. ...\nx/b .. ..", "cell x/a -> x/b is \"...\", expected 2 characters")]
    [InlineData("x/a .. .?\nx/b .. ..", "has '?', expected '.' or 'X'")]
    [InlineData("x/a .. ..\nx/b .. ..\nx/c .. ..", "more rows than the 2 names")]
    public void Parse_Malformed_ThrowsSayingWhy(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => ReachabilityMatrix.Parse(Names, Probes, text));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DifferencesFrom_DifferentShapes_Throws()
    {
        var a = ReachabilityMatrix.FromFunction(Names, Probes, (_, _, _) => true);
        var b = ReachabilityMatrix.FromFunction(Names, [Probe.Tcp(80)], (_, _, _) => true);

        Assert.Throws<ArgumentException>(() => a.DifferencesFrom(b));
    }

    [Theory]
    [InlineData("tcp/80", 6, 80)]
    [InlineData("UDP/53", 17, 53)]
    [InlineData("sctp/9000", 132, 9000)]
    public void ProbeParse_ProtocolAndPort_RoundTrips(string text, int protocol, int port)
    {
        var probe = Probe.Parse(text);

        Assert.Equal(new Probe(protocol, port), probe);
        Assert.Equal(text.ToLowerInvariant(), probe.ToString());
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("tcp/")]
    [InlineData("foo/80")]
    [InlineData("tcp/70000")]
    public void ProbeParse_Malformed_Throws(string text)
    {
        Assert.Throws<FormatException>(() => Probe.Parse(text));
    }
}
