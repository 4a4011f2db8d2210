namespace Calico.Nftables.Tests.Reconcile;

public sealed class RuleIdentityTests
{
    private static readonly Rule[] Rules = [new("ct state invalid drop"), new("accept")];

    [Fact]
    public void Compute_SameInput_SameIds()
    {
        Assert.Equal(RuleIdentity.Compute("c", Rules), RuleIdentity.Compute("c", Rules));
        Assert.All(RuleIdentity.Compute("c", Rules), id => Assert.Equal(RuleIdentity.Length, id.Length));
    }

    [Fact]
    public void Compute_EarlierRuleChanged_LaterIdChangesToo()
    {
        var before = RuleIdentity.Compute("c", Rules);
        var after = RuleIdentity.Compute("c", [new Rule("ct state invalid counter drop"), Rules[1]]);

        Assert.NotEqual(before[1], after[1]);
    }

    [Fact]
    public void Compute_OtherChain_OtherIds() =>
        Assert.NotEqual(RuleIdentity.Compute("c", Rules)[0], RuleIdentity.Compute("d", Rules)[0]);

    [Fact]
    public void FromComment_RoundTripsWithAndWithoutUserText()
    {
        var id = RuleIdentity.Compute("c", Rules)[0];

        Assert.Equal(id, RuleIdentity.FromComment(RuleIdentity.Comment(id, new Rule("accept"))));
        Assert.Equal(id, RuleIdentity.FromComment(RuleIdentity.Comment(id, new Rule("accept", "user text"))));
        Assert.Null(RuleIdentity.FromComment("someone else's"));
        Assert.Null(RuleIdentity.FromComment(null));
        Assert.Null(RuleIdentity.FromComment("cali:" + id + "x"));
    }
}
