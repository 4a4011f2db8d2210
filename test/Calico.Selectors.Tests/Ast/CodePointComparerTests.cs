using Calico.Selectors.Ast;

namespace Calico.Selectors.Tests.Ast;

public class CodePointComparerTests
{
    [Theory]
    [InlineData("a", "b", -1)]
    [InlineData("b", "a", 1)]
    [InlineData("a", "ab", -1)]
    [InlineData("B", "a", -1)]
    [InlineData("abc", "abc", 0)]
    [InlineData("\uE000", "\U0001F600", -1)] // UTF-16 ordinal says the opposite: 0xE000 > 0xD83D.
    [InlineData("\uFFFD", "\U00010000", -1)]
    [InlineData("\uD7FF", "\U00010000", -1)]
    public void Compare_Strings_OrdersByCodePointLikeGoUtf8(string x, string y, int expectedSign)
    {
        Assert.Equal(expectedSign, Math.Sign(CodePointComparer.Instance.Compare(x, y)));
        Assert.Equal(-expectedSign, Math.Sign(CodePointComparer.Instance.Compare(y, x)));
    }

    [Fact]
    public void Compare_ManyRandomStrings_AgreesWithUtf8ByteOrder()
    {
        var random = new Random(42);
        char[] alphabet = ['a', 'Z', '\u00e9', '\uD7FF', '\uE000', '\uFFFD'];
        string Next() => string.Concat(Enumerable.Range(0, random.Next(0, 4))
            .Select(_ => random.Next(8) == 0 ? "\U0001F600" : alphabet[random.Next(alphabet.Length)].ToString()));

        for (var i = 0; i < 2_000; i++)
        {
            var x = Next();
            var y = Next();
            var bytes = ((ReadOnlySpan<byte>)System.Text.Encoding.UTF8.GetBytes(x)).SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(y));
            Assert.Equal(Math.Sign(bytes), Math.Sign(CodePointComparer.Instance.Compare(x, y)));
        }
    }
}
