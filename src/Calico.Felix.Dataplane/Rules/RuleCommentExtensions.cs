using System.Text;
using Calico.Nftables;

namespace Calico.Felix.Dataplane.Rules;

/// <summary>Makes free text (a tier name, a problem's reason) fit a rule comment: no quotes, backslashes or control characters, at most <see cref="Rule.MaxCommentLength"/> bytes.</summary>
internal static class RuleCommentExtensions
{
    public static string AsRuleComment(this string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' or '\\' => '\'',
                _ when char.IsControl(c) => ' ',
                _ => c,
            });
        }

        while (Encoding.UTF8.GetByteCount(builder.ToString()) > Rule.MaxCommentLength)
        {
            var cut = builder.Length - 1;
            if (cut > 0 && char.IsLowSurrogate(builder[cut]))
            {
                cut--;
            }

            builder.Length = cut;
        }

        return builder.ToString();
    }
}
