namespace Calico.Nftables.Tests.Model;

public sealed class RuleTests
{
    [Fact]
    public void Constructor_JumpsGotosAndSets_CollectsReferences()
    {
        var rule = new Rule("ip saddr @cali40s-a ip daddr != @cali40s-b iifname vmap { \"cali1\" : jump cali-fw-cali1, \"cali2\" : goto cali-fw-cali2 }");

        Assert.Equal(["cali-fw-cali1", "cali-fw-cali2"], rule.ChainReferences.Select(c => c.Value));
        Assert.Equal(["cali40s-a", "cali40s-b"], rule.SetReferences.Select(s => s.Value));
    }

    [Theory]
    [InlineData("accept; flush ruleset", "';'")]
    [InlineData("accept # hidden", "'#'")]
    [InlineData("accept\nflush ruleset", "one line")]
    [InlineData("accept comment \"mine\"", "Comment")]
    [InlineData("iifname \"cali1 accept", "unterminated")]
    [InlineData("   ", "required")]
    [InlineData("jump 9bad", "jump target")]
    public void Constructor_NotExactlyOneRule_ThrowsNamingTheProblem(string statement, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new Rule(statement));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_SemicolonInsideQuotes_Allowed() =>
        Assert.Equal("iifname \"a;b\" accept", new Rule("iifname \"a;b\" accept").Statement);

    [Theory]
    [InlineData("has \"quote")]
    [InlineData("back\\slash")]
    public void Constructor_BadComment_Throws(string comment) =>
        Assert.Throws<ArgumentException>(() => new Rule("accept", comment));

    [Fact]
    public void Equals_SameStatementAndComment_Equal()
    {
        Assert.Equal(new Rule("accept", "x"), new Rule(" accept ", "x"));
        Assert.NotEqual(new Rule("accept", "x"), new Rule("accept", "y"));
    }
}
