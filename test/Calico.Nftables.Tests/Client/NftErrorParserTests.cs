namespace Calico.Nftables.Tests.Client;

public sealed class NftErrorParserTests
{
    [Fact]
    public void Parse_FileInput_HasLineAndColumns()
    {
        const string output = """
            /dev/stdin:3:32-40: Error: Could not process rule: File exists
            add element inet calico disp { "cali123" : jump other }
                                           ^^^^^^^^^
            """;

        var error = Assert.Single(NftErrorParser.Parse(output));

        Assert.Equal("Error: Could not process rule: File exists", error.Message);
        Assert.Equal(3, error.Line);
        Assert.Equal(32, error.FirstColumn);
        Assert.Equal(40, error.LastColumn);
    }

    [Fact]
    public void Parse_BufferInput_HasNoLine()
    {
        var error = Assert.Single(NftErrorParser.Parse("Error: syntax error, unexpected newline\nadd rule inet calico x\n                      ^\n"));

        Assert.Null(error.Line);
        Assert.Equal("Error: syntax error, unexpected newline", error.Message);
    }

    [Fact]
    public void Parse_SeveralErrors_AllInOrder()
    {
        var errors = NftErrorParser.Parse("/proc/self/fd/4:1:5-6: Error: a\nx\n^\n/proc/self/fd/4:7:1: Error: b\ny\n^\n");

        Assert.Equal([1, 7], errors.Select(e => e.Line!.Value));
        Assert.Equal(1, errors[1].LastColumn);
    }

    [Fact]
    public void LineOf_ReturnsThatLine()
    {
        Assert.Equal("b", NftErrorParser.LineOf("a\nb\nc\n", 2));
        Assert.Null(NftErrorParser.LineOf("a\n", 5));
    }
}
