using Calico.Bgp.Control;
using Calico.Testing;

namespace Calico.Bgp.Tests.Control;

public sealed class BirdReplyTests
{
    private static string[] RecordedLines() => FakeBirdSocket.RecordedShowProtocols().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void ParseTable_RecordedBird2Output_ReadsEveryProtocol()
    {
        var protocols = BirdProtocol.ParseTable(BirdReply.Parse(RecordedLines()));

        Assert.Equal(["device1", "direct1", "kernel1", "static1", "Mesh_10_250_44_2", "Global_10_250_44_9"], protocols.Select(p => p.Name));
        var mesh = protocols[4];
        Assert.Equal(new BirdProtocol("Mesh_10_250_44_2", "BGP", "---", "up", "06:08:38.157", "Established"), mesh);
        Assert.True(mesh.IsBgp);
        Assert.Equal(new BirdProtocol("Global_10_250_44_9", "BGP", "---", "start", "06:08:36.569", "Idle"), protocols[5]);
        Assert.False(protocols[2].IsBgp);
    }

    [Fact]
    public void Parse_RecordedOutput_ContinuationLinesTakeTheRowCode()
    {
        var reply = BirdReply.Parse(RecordedLines());

        Assert.Equal(1, reply.Lines[0].Code);
        Assert.Equal(2002, reply.Lines[1].Code);
        Assert.Equal(6, reply.Lines.Count(l => l.Code == 1002));
        Assert.Equal(0, reply.Lines[^1].Code);
    }

    [Fact]
    public void ParseTable_Bird1Output_LowerCaseHeadingsAndInfoWithSpaces()
    {
        string[] lines =
        [
            "2002-name     proto    table    state  since       info",
            "1002-kernel1  Kernel   master   up     2016-11-21",
            " Mesh_172_17_8_102 BGP      master   start  2016-11-21  Active        Socket: Connection refused",
            "0000 ",
        ];

        var protocols = BirdProtocol.ParseTable(BirdReply.Parse(lines));

        Assert.Equal("Active Socket: Connection refused", protocols[1].Info);
        Assert.Equal(string.Empty, protocols[0].Info);
    }

    [Fact]
    public void ParseTable_UnknownHeadings_Throws()
    {
        var reply = BirdReply.Parse(["2002-Name Proto State", "0000 "]);

        Assert.Throws<BirdReplyException>(() => BirdProtocol.ParseTable(reply));
    }

    [Theory]
    [InlineData("9001 syntax error, unexpected CF_SYM_UNDEFINED")]
    [InlineData("8003 No protocols match")]
    public void Parse_ErrorCode_Throws(string line)
    {
        var e = Assert.Throws<BirdReplyException>(() => BirdReply.Parse([line]));
        Assert.Contains(line[..4], e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotBirdOutput_Throws() => Assert.Throws<BirdReplyException>(() => BirdReply.Parse(["HTTP/1.1 400 Bad Request"]));

    [Theory]
    [InlineData("0000 ", true)]
    [InlineData("0000", true)]
    [InlineData("0001 BIRD 2.0.12 ready.", true)]
    [InlineData("1002-kernel1  Kernel", false)]
    [InlineData(" Mesh_10_0_0_1 BGP", false)]
    [InlineData("2002-Name", false)]
    public void IsFinal_Line_RecognisesTheLastLine(string line, bool final) => Assert.Equal(final, BirdReply.IsFinal(line));
}
