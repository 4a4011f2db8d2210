using System.Buffers.Text;
using System.Text;
using Calico.Selectors.Hashing;

namespace Calico.Selectors.Tests;

public class SelectorTableTests
{
    [Theory]
    [MemberData(nameof(SelectorCases.Matches), MemberType = typeof(SelectorCases))]
    public void Matches_TableCase_FollowsCalicoSemantics(string selector, string labels, bool expected)
    {
        var parsed = Selector.Parse(selector);

        Assert.Equal(expected, parsed.Matches(SelectorCases.ParseLabels(labels)));
    }

    [Theory]
    [MemberData(nameof(SelectorCases.Matches), MemberType = typeof(SelectorCases))]
    public void Matches_TableCaseAfterCanonicalRoundTrip_GivesSameResult(string selector, string labels, bool expected)
    {
        var reparsed = Selector.Parse(Selector.Parse(selector).Canonical);

        Assert.Equal(expected, reparsed.Matches(SelectorCases.ParseLabels(labels)));
    }

    [Theory]
    [MemberData(nameof(SelectorCases.Matches), MemberType = typeof(SelectorCases))]
    public void Matches_TableCaseThroughLabelSource_GivesSameResult(string selector, string labels, bool expected)
    {
        var source = new DictionaryLabelSource(SelectorCases.ParseLabels(labels));

        Assert.Equal(expected, Selector.Parse(selector).Matches(source));
    }

    [Theory]
    [MemberData(nameof(SelectorCases.Invalid), MemberType = typeof(SelectorCases))]
    public void Parse_InvalidTableCase_ThrowsWithPositionAndExpectation(string selector, int position, string expected, string found)
    {
        var error = Assert.Throws<SelectorParseException>(() => Selector.Parse(selector));

        Assert.Equal(selector, error.Input);
        Assert.Equal(position, error.Position);
        Assert.Equal(expected, error.Expected);
        Assert.Equal(found, error.Found);
        Assert.Contains($": at position {position}: expected {expected}, found {found}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SelectorCases.Invalid), MemberType = typeof(SelectorCases))]
    public void TryParse_InvalidTableCase_ReturnsFalseWithError(string selector, int position, string expected, string found)
    {
        var ok = Selector.TryParse(selector, out var parsed, out var error);

        Assert.False(ok);
        Assert.Null(parsed);
        Assert.NotNull(error);
        Assert.Equal((position, expected, found), (error.Position, error.Expected, error.Found));
    }

    [Theory]
    [MemberData(nameof(SelectorCases.Canonical), MemberType = typeof(SelectorCases))]
    public void Canonical_TableCase_MatchesCalicoAndRoundTrips(string input, string canonical, string expectedId)
    {
        var parsed = Selector.Parse(input);
        var reparsed = Selector.Parse(parsed.Canonical);

        Assert.Equal(canonical, parsed.Canonical);
        Assert.Equal(canonical, parsed.ToString());
        Assert.Equal(canonical, reparsed.Canonical);
        Assert.Equal(parsed.UniqueId, reparsed.UniqueId);
        Assert.Equal(ComputeExpectedId(canonical), parsed.UniqueId);
        if (expectedId.Length > 0)
        {
            Assert.Equal(expectedId, parsed.UniqueId);
        }
    }

    // The definition from libcalico-go hash.MakeUniqueID("s", canonical), computed here independently.
    private static string ComputeExpectedId(string canonical) =>
        "s:" + Base64Url.EncodeToString(Sha224.HashData(Encoding.UTF8.GetBytes("s:" + canonical)));

    private sealed class DictionaryLabelSource(Dictionary<string, string> labels) : ILabelSource
    {
        public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out string value) =>
            labels.TryGetValue(key, out value);

        public bool ContainsKey(string key) => labels.ContainsKey(key);
    }
}
