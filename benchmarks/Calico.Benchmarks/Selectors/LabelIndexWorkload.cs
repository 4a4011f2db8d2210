using System.Globalization;
using Calico.Selectors;
using Calico.Selectors.Indexing;

namespace Calico.Benchmarks.Selectors;

/// <summary>
/// A synthetic cluster for the label index: endpoints spread over namespaces and apps, each inheriting
/// from its namespace and service-account profiles, and selectors in the proportions a large policy
/// set might have. Endpoint i has app a(i mod 1000) and namespace ns(i mod 100), so an app lives in
/// exactly one namespace and namespace-qualified app selectors match real endpoints.
/// </summary>
public static class LabelIndexWorkload
{
    public const int Apps = 1000;
    public const int Namespaces = 100;
    public const int Roles = 200;

    private static readonly string[] Environments = ["prod", "staging", "dev"];

    public static string EndpointId(int i) => "ep-" + i.ToString(CultureInfo.InvariantCulture);

    public static string App(int n) => "a" + n.ToString(CultureInfo.InvariantCulture);

    public static string Namespace(int n) => "ns" + n.ToString(CultureInfo.InvariantCulture);

    /// <summary>An endpoint's own labels: pod labels plus the labels Calico adds to workload endpoints.</summary>
    public static Dictionary<string, string> EndpointLabels(int i, string? appOverride = null) => new(StringComparer.Ordinal)
    {
        ["app"] = appOverride ?? App(i % Apps),
        ["role"] = "r" + (i % Roles).ToString(CultureInfo.InvariantCulture),
        ["env"] = Environments[i % Environments.Length],
        ["version"] = "v" + (i % 5).ToString(CultureInfo.InvariantCulture),
        ["pod-template-hash"] = "h" + (i % 25_000).ToString("x6", CultureInfo.InvariantCulture),
        ["projectcalico.org/namespace"] = Namespace(i % Namespaces),
        ["projectcalico.org/orchestrator"] = "k8s",
        ["projectcalico.org/serviceaccount"] = "default",
        // 1% of endpoints are canaries.
        [i % 100 == 0 ? "canary" : "stable"] = "true",
    };

    public static string[] EndpointParents(int i) =>
        ["kns." + Namespace(i % Namespaces), "ksa." + Namespace(i % Namespaces) + ".default"];

    /// <summary>Selector k: 70% app equality, 10% role sets, 10% has-and-not-equal, 10% namespace-qualified apps.</summary>
    public static Selector SelectorText(int k)
    {
        var app = k % Apps;
        var text = (k % 10) switch
        {
            < 7 => $"app == '{App(app)}'",
            7 => $"role in {{'r{k % Roles}', 'r{(k + 1) % Roles}'}}",
            8 => $"has(canary) && env != '{Environments[k % Environments.Length]}'",
            _ => $"projectcalico.org/namespace == '{Namespace(app % Namespaces)}' && app == '{App(app)}'",
        };
        return Selector.Parse(text);
    }

    /// <summary>Builds an index with <paramref name="endpoints"/> endpoints and <paramref name="selectors"/> selectors.</summary>
    public static LabelIndex<string, int> Build(ILabelIndexSink<int, string> sink, int endpoints, int selectors)
    {
        var index = new LabelIndex<string, int>(sink);
        for (var n = 0; n < Namespaces; n++)
        {
            index.UpdateParentLabels("kns." + Namespace(n), new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["pcns.projectcalico.org/name"] = Namespace(n),
                ["pcns.team"] = "team" + (n % 10).ToString(CultureInfo.InvariantCulture),
            });
            index.UpdateParentLabels("ksa." + Namespace(n) + ".default", new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["pcsa.projectcalico.org/name"] = "default",
            });
        }

        for (var i = 0; i < endpoints; i++)
        {
            index.UpdateItem(EndpointId(i), EndpointLabels(i), EndpointParents(i));
        }

        for (var k = 0; k < selectors; k++)
        {
            index.UpdateSelector(k, SelectorText(k));
        }

        return index;
    }
}
