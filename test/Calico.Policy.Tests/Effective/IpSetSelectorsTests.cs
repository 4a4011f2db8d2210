using Calico.Api.Values;
using Calico.Policy.Effective;

namespace Calico.Policy.Tests.Effective;

public class IpSetSelectorsTests
{
    [Theory]
    [InlineData("a == 'x'", null, "a == \"x\"", null)]
    [InlineData(null, "b == 'y'", null, "b == \"y\"")]
    [InlineData("a == 'x'", "b == 'y'", "(a == \"x\" && !b == \"y\")", null)]
    [InlineData(null, null, null, null)]
    public void IpSetSelectors_PositiveAndNegative_CombinedAsFelixDoes(string? selector, string? notSelector, string? match, string? exclude)
    {
        var entity = EffectiveRuleConverter.ConvertEntity(new EntityRule { Selector = selector, NotSelector = notSelector }, null);

        var selectors = entity.IpSetSelectors();

        Assert.Equal(match, selectors.Match?.Canonical);
        Assert.Equal(exclude, selectors.Exclude?.Canonical);
    }

    [Fact]
    public void IpSetSelectors_NamespacedNotSelector_MatchesTheNamespaceExceptTheNotSelector()
    {
        var entity = EffectiveRuleConverter.ConvertEntity(new EntityRule { NotSelector = "pod == 'b'" }, "x");

        var selectors = entity.IpSetSelectors();

        Assert.Equal("(projectcalico.org/namespace == \"x\" && !pod == \"b\")", selectors.Match!.Canonical);
        Assert.Null(selectors.Exclude);
    }
}
