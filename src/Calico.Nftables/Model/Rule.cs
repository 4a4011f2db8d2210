using System.Text;

namespace Calico.Nftables;

/// <summary>
/// One rule as nft statement text (<c>ip saddr @cali40s-web tcp dport 80 accept</c>) with an optional comment. The
/// driver appends its own identity comment (<c>cali:ID</c>, a hash of the chain, the previous rule and this one), so
/// the statement must not carry a <c>comment</c>; it is checked to be exactly one rule on one line. Equality is by
/// statement and comment.
/// </summary>
public sealed class Rule : IEquatable<Rule>
{
    /// <summary>nft keeps at most 128 bytes of comment; the driver's "cali:" + 16-character identity and a space take 22.</summary>
    public const int MaxCommentLength = 100;

    public Rule(string statement, string? comment = null)
    {
        ArgumentNullException.ThrowIfNull(statement);
        statement = statement.Trim();
        var chains = new List<ChainName>();
        var sets = new List<SetName>();
        if (!RuleStatementScanner.TryScan(statement, chains, sets, out var error))
        {
            throw new ArgumentException($"rule \"{statement}\": {error}", nameof(statement));
        }

        if (comment is not null && !IsValidComment(comment, out var commentError))
        {
            throw new ArgumentException($"rule \"{statement}\": {commentError}", nameof(comment));
        }

        Statement = statement;
        Comment = string.IsNullOrEmpty(comment) ? null : comment;
        ChainReferences = chains;
        SetReferences = sets;
    }

    /// <summary>The nft statement text, without <c>add rule inet calico CHAIN</c> and without a comment.</summary>
    public string Statement { get; }

    /// <summary>Free text kept after the identity in the rule's comment (at most <see cref="MaxCommentLength"/> bytes).</summary>
    public string? Comment { get; }

    /// <summary>Chains this rule jumps or goes to.</summary>
    public IReadOnlyList<ChainName> ChainReferences { get; }

    /// <summary>Sets and maps this rule looks up (<c>@name</c>).</summary>
    public IReadOnlyList<SetName> SetReferences { get; }

    public bool Equals(Rule? other) =>
        other is not null && string.Equals(Statement, other.Statement, StringComparison.Ordinal)
        && string.Equals(Comment, other.Comment, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as Rule);

    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Statement), Comment is null ? 0 : StringComparer.Ordinal.GetHashCode(Comment));

    public override string ToString() => Comment is null ? Statement : $"{Statement} (\"{Comment}\")";

    private static bool IsValidComment(string comment, out string? error)
    {
        if (Encoding.UTF8.GetByteCount(comment) > MaxCommentLength)
        {
            error = $"comment is longer than {MaxCommentLength} bytes";
            return false;
        }

        foreach (var c in comment)
        {
            if (c is '"' or '\\' || char.IsControl(c))
            {
                error = "a comment may not contain '\"', '\\' or control characters";
                return false;
            }
        }

        error = null;
        return true;
    }
}
