using System.Text;
using Calico.Selectors.Hashing;

namespace Calico.Selectors.Tests.Hashing;

public class Sha224Tests
{
    [Theory]
    [InlineData("", "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f")]
    [InlineData("abc", "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525")]
    [InlineData(
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
        "c97ca9a559850ce97a04a96def6d99a9e0e0e2ab14e6b8df265fc0b3")]
    [InlineData("The quick brown fox jumps over the lazy dog", "730e109bd7a8a32b1cb9d9a09aa2325d2430587ddbc0c38bad911525")]
    public void HashData_KnownVector_MatchesPublishedDigest(string message, string expectedHex)
    {
        var digest = Sha224.HashData(Encoding.ASCII.GetBytes(message));

        Assert.Equal(expectedHex, Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void HashData_OneMillionA_MatchesPublishedDigest()
    {
        var message = new byte[1_000_000];
        Array.Fill(message, (byte)'a');

        Assert.Equal("20794655980c91d8bbb4c1ea97618a4bf03f42581948b2ee4ee7ad67", Convert.ToHexStringLower(Sha224.HashData(message)));
    }

    [Theory]
    [InlineData(55, "fb0bd626a70c28541dfa781bb5cc4d7d7f56622a58f01a0b1ddd646f")]
    [InlineData(56, "d40854fc9caf172067136f2e29e1380b14626bf6f0dd06779f820dcd")]
    [InlineData(63, "1d4e051f4d6fed2a63fd2421e65834cec00d64456553de3496ae8b1d")]
    [InlineData(64, "a88cd5cde6d6fe9136a4e58b49167461ea95d388ca2bdb7afdc3cbf4")]
    public void HashData_LengthsAroundThePaddingBoundary_MatchPython(int length, string expectedHex)
    {
        var message = new byte[length];
        Array.Fill(message, (byte)'a');

        Assert.Equal(expectedHex, Convert.ToHexStringLower(Sha224.HashData(message)));
    }

    [Fact]
    public void HashData_DestinationTooShort_Throws()
    {
        var destination = new byte[Sha224.HashSizeInBytes - 1];

        Assert.Throws<ArgumentException>(() => Sha224.HashData([1, 2, 3], destination));
    }
}
