using Calico.Api.Kubernetes;

namespace Calico.Api.Conversion;

/// <summary>Kubernetes label selectors written as Calico selectors, the way Calico's conversion writes them.</summary>
public static class KubeSelectorConverter
{
    public const string PodOrchestratorTerm = "projectcalico.org/orchestrator == 'k8s'";

    /// <summary>A pod selector: always restricted to Kubernetes pods, then each matchLabels (sorted) and matchExpressions term.</summary>
    public static string ForPods(LabelSelector? selector)
    {
        var terms = new List<string> { PodOrchestratorTerm };
        AddTerms(terms, selector);
        return string.Join(" && ", terms);
    }

    /// <summary>A namespace selector: null means "the policy's own namespace" (empty string); {} means every namespace.</summary>
    public static string ForNamespaces(LabelSelector? selector)
    {
        if (selector is null)
        {
            return string.Empty;
        }

        if (selector.MatchLabels is not { Count: > 0 } && selector.MatchExpressions is not { Count: > 0 })
        {
            return "all()";
        }

        var terms = new List<string>();
        AddTerms(terms, selector);
        return string.Join(" && ", terms);
    }

    private static void AddTerms(List<string> terms, LabelSelector? selector)
    {
        if (selector is null)
        {
            return;
        }

        foreach (var (key, value) in selector.MatchLabels ?? [])
        {
            terms.Add($"{key} == '{value}'");
        }

        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            var values = string.Join("', '", requirement.Values ?? []);
            terms.Add(requirement.Operator switch
            {
                "In" => $"{requirement.Key} in {{ '{values}' }}",
                "NotIn" => $"{requirement.Key} not in {{ '{values}' }}",
                "Exists" => $"has({requirement.Key})",
                _ => $"! has({requirement.Key})",
            });
        }
    }
}
