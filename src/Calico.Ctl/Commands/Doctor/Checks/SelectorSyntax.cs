using System.Text.RegularExpressions;
using Calico.Selectors;

namespace Calico.Ctl.Commands.Doctor.Checks;

/// <summary>
/// Recognises a selector written in Kubernetes label-selector syntax (<c>app=frontend</c>, <c>app!=x,tier</c>,
/// <c>env in (a,b)</c>) where Calico syntax is needed, and gives its Calico equivalent. Pure.
/// </summary>
internal static partial class SelectorSyntax
{
    /// <summary>
    /// The Calico form of <paramref name="text"/> when it does not parse as a Calico selector but does as a Kubernetes
    /// equality- or set-based selector (<c>app=frontend,tier</c> → <c>app == 'frontend' &amp;&amp; has(tier)</c>); else null.
    /// </summary>
    public static string? KubernetesEquivalent(string text)
    {
        if (string.IsNullOrWhiteSpace(text) || Selector.TryParse(text, out _, out _))
        {
            return null;
        }

        var terms = new List<string>();
        foreach (var term in SplitTerms(text))
        {
            if (Translate(term.Trim()) is not { } calico)
            {
                return null;
            }

            terms.Add(calico);
        }

        var result = string.Join(" && ", terms);
        return terms.Count > 0 && Selector.TryParse(result, out _, out _) ? result : null;
    }

    private static string? Translate(string term)
    {
        if (EqualityTerm().Match(term) is { Success: true } equality)
        {
            var op = equality.Groups["op"].Value == "!=" ? "!=" : "==";
            return $"{equality.Groups["key"].Value} {op} '{equality.Groups["value"].Value}'";
        }

        if (SetTerm().Match(term) is { Success: true } set)
        {
            var values = set.Groups["values"].Value.Split(',').Select(v => v.Trim()).ToList();
            if (values.Any(v => !ValuePattern().IsMatch(v)))
            {
                return null;
            }

            var op = set.Groups["op"].Value == "notin" ? "not in" : "in";
            return $"{set.Groups["key"].Value} {op} {{{string.Join(", ", values.Select(v => $"'{v}'"))}}}";
        }

        if (ExistsTerm().Match(term) is { Success: true } exists)
        {
            return exists.Groups["not"].Success ? $"!has({exists.Groups["key"].Value})" : $"has({exists.Groups["key"].Value})";
        }

        return null;
    }

    /// <summary>Splits on commas outside parentheses.</summary>
    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return text[start..];
    }

    [GeneratedRegex(@"^(?<key>[A-Za-z0-9][-A-Za-z0-9_./]*)\s*(?<op>==|=|!=)\s*(?<value>[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$")]
    private static partial Regex EqualityTerm();

    [GeneratedRegex(@"^(?<key>[A-Za-z0-9][-A-Za-z0-9_./]*)\s+(?<op>in|notin)\s*\((?<values>[^()]*)\)$")]
    private static partial Regex SetTerm();

    [GeneratedRegex(@"^(?<not>!)?\s*(?<key>[A-Za-z0-9][-A-Za-z0-9_./]*)$")]
    private static partial Regex ExistsTerm();

    [GeneratedRegex(@"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex ValuePattern();
}
