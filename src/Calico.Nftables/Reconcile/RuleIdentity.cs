using System.Security.Cryptography;
using System.Text;

namespace Calico.Nftables;

/// <summary>
/// The identity the driver writes into each rule's comment (<c>cali:ID[ user comment]</c>), as Felix does: a hash
/// of the chain name, the previous rule's identity and the rule itself. Chaining makes a chain's list of identities
/// a fingerprint of its whole contents, so reading back only the comments tells whether a chain is exactly as
/// programmed (and a rule without one, added by someone else, shows up as a difference).
/// </summary>
internal static class RuleIdentity
{
    public const string Prefix = "cali:";
    public const int Length = 16;

    public static IReadOnlyList<string> Compute(ChainName chain, IReadOnlyList<Rule> rules)
    {
        var ids = new string[rules.Count];
        var previous = string.Empty;
        for (var i = 0; i < rules.Count; i++)
        {
            previous = ids[i] = Hash(chain, previous, rules[i]);
        }

        return ids;
    }

    public static string Comment(string id, Rule rule) => rule.Comment is null ? Prefix + id : $"{Prefix}{id} {rule.Comment}";

    /// <summary>The identity in a comment the driver wrote, or null for anything else.</summary>
    public static string? FromComment(string? comment)
    {
        if (comment is null || comment.Length < Prefix.Length + Length || !comment.StartsWith(Prefix, StringComparison.Ordinal)
            || (comment.Length > Prefix.Length + Length && comment[Prefix.Length + Length] != ' '))
        {
            return null;
        }

        return comment.Substring(Prefix.Length, Length);
    }

    private static string Hash(ChainName chain, string previous, Rule rule)
    {
        var input = Encoding.UTF8.GetBytes($"{chain.Value}\0{previous}\0{rule.Statement}\0{rule.Comment}");
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, digest);
        return Convert.ToBase64String(digest[..12]).Replace('+', '-').Replace('/', '_');
    }
}
