namespace Calico.Nftables.Tests.Model;

public sealed class VerdictTests
{
    [Fact]
    public void Jump_Target_IsTheChainAndSpelledByNft()
    {
        var verdict = Verdict.Jump("cali-fw-cali1");

        Assert.Equal(new ChainName("cali-fw-cali1"), verdict.Target);
        Assert.Equal("jump cali-fw-cali1", verdict.ToString());
        Assert.Equal(Verdict.Jump("cali-fw-cali1"), verdict);
        Assert.NotEqual(Verdict.Goto("cali-fw-cali1"), verdict);
    }

    [Fact]
    public void Accept_HasNoTarget() => Assert.Null(Verdict.Accept.Target);

    [Fact]
    public void Verdict_IsSixteenBytes_SoAMapElementsValueStaysSmall() =>
        Assert.Equal(16, System.Runtime.CompilerServices.Unsafe.SizeOf<Verdict>());
}
