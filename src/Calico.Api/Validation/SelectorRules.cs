using System.Text.RegularExpressions;
using Calico.Selectors;

namespace Calico.Api.Validation;

/// <summary>Checks selector fields and explains the common Kubernetes-syntax mistake.</summary>
public static partial class SelectorRules
{
    public static void Check(ValidationErrors errors, string path, string? selector, bool allowGlobal)
    {
        if (selector is null)
        {
            return;
        }

        if (!Selector.TryParse(selector, out var parsed, out var error))
        {
            var reason = $"invalid selector \"{selector}\": {ErrorDetail(error, selector)}";
            if (KubernetesStyle().IsMatch(selector))
            {
                reason += "; Calico selectors use '==' and quoted values, e.g. app == 'frontend'";
            }

            errors.Add(path, reason);
            return;
        }

        if (!allowGlobal && parsed.UsesGlobal)
        {
            errors.Add(path, $"invalid selector \"{selector}\": global() is only allowed in a namespaceSelector");
        }
    }

    private static string ErrorDetail(SelectorParseException error, string selector)
    {
        // The parser's message starts with the selector itself; keep only what follows it.
        var message = error.Message;
        var prefix = $"selector \"{selector}\": ";
        return message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message;
    }

    /// <summary>key=value or key = value with a single '=' (not ==, != or &lt;=).</summary>
    [GeneratedRegex(@"(^|[^=!<>])=([^=]|$)")]
    private static partial Regex KubernetesStyle();
}
