namespace Calico.Selectors.Tests;

public class SelectorTests
{
    [Fact]
    public void Parse_KubernetesStyleEquality_GivesTheDocumentedMessage()
    {
        var error = Assert.Throws<SelectorParseException>(() => Selector.Parse("app=frontend"));

        Assert.Equal(
            "selector \"app=frontend\": at position 3: expected '==', '!=', 'in', 'not in', 'contains', 'starts with' or 'ends with', found '='",
            error.Message);
        Assert.IsAssignableFrom<FormatException>(error);
    }

    [Fact]
    public void Parse_SelectorWithNewline_EscapesItInTheMessage()
    {
        var error = Assert.Throws<SelectorParseException>(() => Selector.Parse("a == 'x'\n"));

        Assert.Equal("selector \"a == 'x'\\n\": at position 8: expected '&&', '||' or end of selector, found a newline", error.Message);
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => Selector.Parse(null!));
    }

    [Fact]
    public void Parse_LabelOf512Characters_IsValid()
    {
        var label = new string('k', 512);

        var selector = Selector.Parse($"{label} == 'v'");

        Assert.True(selector.Matches(new Dictionary<string, string> { [label] = "v" }));
    }

    [Fact]
    public void Parse_LabelOf513Characters_ThrowsAtTheLabel()
    {
        var error = Assert.Throws<SelectorParseException>(() => Selector.Parse($"a == 'x' && {new string('k', 513)} == 'v'"));

        Assert.Equal(12, error.Position);
    }

    [Fact]
    public void Parse_256NestedParentheses_IsValid()
    {
        var selector = Selector.Parse(new string('(', 256) + "a == 'x'" + new string(')', 256));

        Assert.Equal("a == \"x\"", selector.Canonical);
    }

    [Fact]
    public void Parse_257NestedParentheses_ThrowsInsteadOfOverflowingTheStack()
    {
        var error = Assert.Throws<SelectorParseException>(() => Selector.Parse(new string('(', 100_000)));

        Assert.Equal(256, error.Position);
        Assert.Equal("at most 256 levels of nested parentheses", error.Expected);
    }

    [Fact]
    public void Parse_ManyOperands_BuildsFlatGroupsWithoutDeepRecursion()
    {
        var text = string.Join(" && ", Enumerable.Range(0, 10_000).Select(i => $"l{i} != 'x'"));

        Assert.True(Selector.Parse(text).Matches(new Dictionary<string, string>()));
    }

    [Fact]
    public void All_Always_IsAllAndMatchesEverything()
    {
        Assert.Equal("all()", Selector.All.Canonical);
        Assert.Equal("s:5y5I3VdRZfDU01O--xXAPx2yxCQQqMf0M6IWug", Selector.All.UniqueId);
        Assert.True(Selector.All.Matches(new Dictionary<string, string>()));
        Assert.Equal(Selector.All, Selector.Parse(""));
    }

    [Theory]
    [InlineData("a == 'x'", "a==\"x\"")]
    [InlineData("a in {'y', 'x'}", "a in {\"x\", \"y\", \"x\",}")]
    [InlineData("", "all()")]
    public void Equals_SameCanonicalForm_AreEqualWithEqualHashCodes(string left, string right)
    {
        var a = Selector.Parse(left);
        var b = Selector.Parse(right);

        Assert.True(a.Equals(b));
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equals_DifferentStructure_AreNotEqual()
    {
        Assert.NotEqual(Selector.Parse("a == 'x' && (b == 'y' && c == 'z')"), Selector.Parse("a == 'x' && b == 'y' && c == 'z'"));
        Assert.False(Selector.Parse("has(a)").Equals(null));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("all()", "")]
    [InlineData("has(b) && a == 'x' || !c in {'1'} && b != 'y'", "a,b,c")]
    [InlineData("z contains 'q' || y starts with 'q' || x ends with 'q' || w not in {}", "w,x,y,z")]
    [InlineData("projectcalico.org/namespace == 'ns' && app == 'a'", "app,projectcalico.org/namespace")]
    public void LabelsReferenced_Selector_ListsDistinctKeysInOrdinalOrder(string text, string expected)
    {
        Assert.Equal(expected, string.Join(',', Selector.Parse(text).LabelsReferenced));
    }

    [Theory]
    [InlineData("global()", true)]
    [InlineData("!global()", true)]
    [InlineData("a == 'x' && (b == 'y' || global())", true)]
    [InlineData("all()", false)]
    [InlineData("global == 'x'", false)]
    [InlineData("has(global)", false)]
    public void UsesGlobal_Selector_ReportsGlobalAnywhere(string text, bool expected)
    {
        Assert.Equal(expected, Selector.Parse(text).UsesGlobal);
    }

    [Fact]
    public void TryParse_Valid_ReturnsSelectorAndNoError()
    {
        Assert.True(Selector.TryParse("has(a)", out var selector, out var error));
        Assert.Equal("has(a)", selector.Canonical);
        Assert.Null(error);
    }

    [Fact]
    public void Matches_ConcurrentEvaluation_GivesConsistentResults()
    {
        var selector = Selector.Parse("a in {'1', '2', '3', '4', '5', '6', '7', '8', '9', '10'} && !has(b) || c starts with 'x'");
        var labels = new Dictionary<string, string> { ["a"] = "7" };

        var results = new bool[8];
        Parallel.For(0, results.Length, i =>
        {
            var all = true;
            for (var n = 0; n < 10_000; n++)
            {
                all &= selector.Matches(labels);
            }

            results[i] = all && selector.UniqueId == Selector.Parse(selector.Canonical).UniqueId;
        });

        Assert.All(results, Assert.True);
    }

    [Fact]
    public void Matches_NullLabels_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => Selector.All.Matches((IReadOnlyDictionary<string, string>)null!));
        Assert.Throws<ArgumentNullException>(() => Selector.All.Matches((ILabelSource)null!));
    }
}
