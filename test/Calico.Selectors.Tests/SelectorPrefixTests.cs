namespace Calico.Selectors.Tests;

public class SelectorPrefixTests
{
    [Theory]
    [InlineData("a == 'x'", "pcns.a == \"x\"")]
    [InlineData("a != 'x'", "pcns.a != \"x\"")]
    [InlineData("has(a)", "has(pcns.a)")]
    [InlineData("!has(a)", "!has(pcns.a)")]
    [InlineData("a contains 'x'", "pcns.a contains \"x\"")]
    [InlineData("a starts with 'x'", "pcns.a starts with \"x\"")]
    [InlineData("a ends with 'x'", "pcns.a ends with \"x\"")]
    [InlineData("a in {'y', 'x'}", "pcns.a in {\"x\", \"y\"}")]
    [InlineData("a not in {'x'}", "pcns.a not in {\"x\"}")]
    [InlineData("a == 'x' && (b == 'y' || !has(c))", "(pcns.a == \"x\" && (pcns.b == \"y\" || !has(pcns.c)))")]
    [InlineData("all()", "all()")]
    [InlineData("", "all()")]
    [InlineData("global()", "global()")]
    [InlineData("all() && a == 'x'", "(all() && pcns.a == \"x\")")]
    public void WithLabelPrefix_EachNodeType_PrefixesEveryLabel(string selector, string expected)
    {
        var prefixed = Selector.Parse(selector).WithLabelPrefix("pcns.");

        Assert.Equal(expected, prefixed.Canonical);
        Assert.Equal(Selector.Parse(expected), prefixed);
    }

    [Fact]
    public void WithLabelPrefix_Evaluation_ReadsThePrefixedLabels()
    {
        var prefixed = Selector.Parse("ns == 'x'").WithLabelPrefix("pcns.");

        Assert.True(prefixed.Matches(new Dictionary<string, string> { ["pcns.ns"] = "x" }));
        Assert.False(prefixed.Matches(new Dictionary<string, string> { ["ns"] = "x" }));
    }

    [Fact]
    public void WithLabelPrefix_LeavesTheOriginalUnchanged()
    {
        var original = Selector.Parse("a == 'x'");

        _ = original.WithLabelPrefix("pcsa.");

        Assert.Equal("a == \"x\"", original.Canonical);
    }

    [Fact]
    public void WithLabelPrefix_EmptyPrefix_ReturnsTheSameSelector()
    {
        var original = Selector.Parse("a == 'x'");

        Assert.Same(original, original.WithLabelPrefix(string.Empty));
    }

    [Fact]
    public void WithLabelPrefix_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => Selector.All.WithLabelPrefix(null!));
    }

    [Fact]
    public void WithLabelPrefix_LabelsReferenced_ArePrefixed()
    {
        var prefixed = Selector.Parse("b == 'x' || has(a)").WithLabelPrefix("pcsa.");

        Assert.Equal(["pcsa.a", "pcsa.b"], prefixed.LabelsReferenced);
    }
}
