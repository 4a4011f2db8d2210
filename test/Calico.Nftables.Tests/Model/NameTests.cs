namespace Calico.Nftables.Tests.Model;

public sealed class NameTests
{
    [Theory]
    [InlineData("cali-fw-cali1234")]
    [InlineData("cali-FORWARD")]
    [InlineData("_x.y-z")]
    [InlineData("cali40s-qMt7iLlGDhvLnCjM0l9nzxb")]
    public void ChainName_NftIdentifier_Accepted(string name) => Assert.Equal(name, new ChainName(name).Value);

    [Theory]
    [InlineData("")]
    [InlineData("1abc")]
    [InlineData("cali40s:qMt7iLlGDhvLnCjM0l9nzxb")]
    [InlineData("a b")]
    [InlineData("a;flush ruleset")]
    [InlineData("a\"b")]
    [InlineData("a/b")]
    public void SetName_NotAnUnquotedNftIdentifier_Rejected(string name) =>
        Assert.Throws<ArgumentException>(() => new SetName(name));

    [Fact]
    public void ChainName_LongerThan255Bytes_Rejected() =>
        Assert.Throws<ArgumentException>(() => new ChainName(new string('a', 256)));

    [Fact]
    public void Default_Value_Throws() => Assert.Throws<InvalidOperationException>(() => default(ChainName).Value);

    [Fact]
    public void TableName_Calico_IsCalico() => Assert.Equal("calico", TableName.Calico.Value);
}
