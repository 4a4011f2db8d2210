namespace Calico.Nftables;

/// <summary>
/// Checks that a rule statement is exactly one nft rule (no ';', '#' or line break outside a quoted string, no
/// <c>comment</c> of its own: the driver owns the comment) and collects what it refers to: chains after
/// <c>jump</c>/<c>goto</c> (also inside anonymous verdict maps) and sets or maps written <c>@name</c>.
/// </summary>
internal static class RuleStatementScanner
{
    public static bool TryScan(string statement, List<ChainName> chains, List<SetName> sets, out string? error)
    {
        if (string.IsNullOrWhiteSpace(statement))
        {
            error = "a rule statement is required";
            return false;
        }

        var previousWord = ReadOnlySpan<char>.Empty;
        var i = 0;
        while (i < statement.Length)
        {
            var c = statement[i];
            if (c == '"')
            {
                var end = statement.IndexOf('"', i + 1);
                if (end < 0)
                {
                    error = "unterminated quoted string";
                    return false;
                }

                if (statement.AsSpan(i + 1, end - i - 1).IndexOfAny('\n', '\r', '\0') >= 0)
                {
                    error = "a quoted string may not contain a line break";
                    return false;
                }

                previousWord = ReadOnlySpan<char>.Empty;
                i = end + 1;
                continue;
            }

            if (c is ';' or '#' or '\n' or '\r' or '\0' or '\\')
            {
                error = c switch
                {
                    ';' => "';' would end the rule and start another command",
                    '#' => "'#' would start an nft comment and swallow the rest of the line",
                    '\\' => "'\\' (line continuation) is not allowed",
                    _ => "a rule must be one line",
                };
                return false;
            }

            if (c == '@')
            {
                var start = ++i;
                while (i < statement.Length && NftIdentifier.IsIdentifierCharacter(statement[i]))
                {
                    i++;
                }

                var name = statement[start..i];
                if (!SetName.IsValid(name, out var setError))
                {
                    error = $"bad set reference '@{name}': {setError}";
                    return false;
                }

                sets.Add(new SetName(name));
                previousWord = ReadOnlySpan<char>.Empty;
                continue;
            }

            if (NftIdentifier.IsIdentifierCharacter(c))
            {
                var start = i;
                while (i < statement.Length && NftIdentifier.IsIdentifierCharacter(statement[i]))
                {
                    i++;
                }

                var word = statement.AsSpan(start, i - start);
                if (word.SequenceEqual("comment"))
                {
                    error = "the statement has its own 'comment'; pass the text as the rule's Comment instead";
                    return false;
                }

                if (previousWord.SequenceEqual("jump") || previousWord.SequenceEqual("goto"))
                {
                    var target = word.ToString();
                    if (!ChainName.IsValid(target, out var chainError))
                    {
                        error = $"bad {previousWord} target '{target}': {chainError}";
                        return false;
                    }

                    chains.Add(new ChainName(target));
                }

                previousWord = word;
                continue;
            }

            if (!char.IsWhiteSpace(c))
            {
                previousWord = ReadOnlySpan<char>.Empty;
            }

            i++;
        }

        error = null;
        return true;
    }
}
