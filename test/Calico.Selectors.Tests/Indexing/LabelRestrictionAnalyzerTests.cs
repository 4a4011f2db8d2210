using Calico.Selectors.Indexing;

namespace Calico.Selectors.Tests.Indexing;

public class LabelRestrictionAnalyzerTests
{
    // Calico's label_restriction_test.go table plus negation cases. Notation: "label:+" must be
    // present, "label:-" must be absent, "label:+[v1|v2]" must have one of the values; "NONE"
    // means nothing is known and "UNSAT" means the selector can never match.
    [Theory]
    [InlineData("", "NONE")]
    [InlineData("all()", "NONE")]
    [InlineData("global()", "NONE")]
    [InlineData("a == 'value'", "a:+[value]")]
    [InlineData("has(a)", "a:+")]
    [InlineData("a in {'v1','v2'}", "a:+[v1|v2]")]
    [InlineData("a not in {'v1','v2'}", "NONE")]
    [InlineData("a contains 'foo'", "a:+")]
    [InlineData("a ends with 'foo'", "a:+")]
    [InlineData("a starts with 'foo'", "a:+")]
    [InlineData("a != 'value'", "NONE")]
    [InlineData("a == 'v1' && a == 'v1'", "a:+[v1]")]
    [InlineData("a == 'v1' && a == 'v2'", "UNSAT")]
    [InlineData("a == 'v1' && has(a)", "a:+[v1]")]
    [InlineData("a in {'v1','v2'} && a in {'v2','v3'} ", "a:+[v2]")]
    [InlineData("a in {'v1','v2', 'v3'} && a in {'v2','v3'} ", "a:+[v2|v3]")]
    [InlineData("has(a) && !has(a)", "UNSAT")]
    [InlineData("a == 'v1' && b == 'v2'", "a:+[v1] b:+[v2]")]
    [InlineData("a == 'v1' && all()", "a:+[v1]")]
    [InlineData("a == 'v1' || a == 'v2'", "a:+[v1|v2]")]
    [InlineData("has(a) || a == 'v2'", "a:+")]
    [InlineData("a=='v2' || has(a)", "a:+")]
    [InlineData("a=='v2' || has(b)", "NONE")]
    [InlineData("a=='v2' || (has(b) && has(a))", "a:+")]
    [InlineData("a == 'v1' || b == 'v2'", "NONE")]
    [InlineData("a == 'v1' || all()", "NONE")]
    [InlineData("!(a == 'value')", "NONE")]
    [InlineData("!has(a)", "a:-")]
    [InlineData("!!has(a)", "a:+")]
    [InlineData("!has(a) || !has(a)", "a:-")]
    [InlineData("!(!has(a))", "a:+")]
    [InlineData("!(a != 'x')", "a:+[x]")]
    [InlineData("!(a not in {'x', 'y'})", "a:+[x|y]")]
    [InlineData("!(has(a) || has(b))", "a:- b:-")]
    [InlineData("!(a != 'x' || b == 'y')", "a:+[x]")]
    [InlineData("!all()", "UNSAT")]
    [InlineData("!global() || a == 'x'", "a:+[x]")]
    [InlineData("a in {}", "UNSAT")]
    [InlineData("a in {} || b == 'x'", "b:+[x]")]
    [InlineData("a not in {} && has(b)", "b:+")]
    public void Analyze_Selector_GivesCalicoRestrictions(string text, string expected)
    {
        var restrictions = LabelRestrictionAnalyzer.Analyze(Selector.Parse(text));

        Assert.Equal(expected, Describe(restrictions));
    }

    private static string Describe(SelectorRestrictions restrictions)
    {
        if (restrictions.IsUnsatisfiable)
        {
            return "UNSAT";
        }

        if (restrictions.Labels.Count == 0)
        {
            return "NONE";
        }

        return string.Join(' ', restrictions.Labels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p =>
        {
            var r = p.Value;
            var sign = (r.MustBePresent ? "+" : string.Empty) + (r.MustBeAbsent ? "-" : string.Empty);
            var values = r.AllowedValues is null ? string.Empty : $"[{string.Join('|', r.AllowedValues.Order(StringComparer.Ordinal))}]";
            return $"{p.Key}:{sign}{values}";
        }));
    }
}
