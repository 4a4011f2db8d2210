namespace Calico.Felix.Calc.Tests.Support;

/// <summary>
/// What a node's dataplane holds, as text keyed by identity: IP sets with their members, active policies and profiles
/// with a summary of their content, endpoints with interface, addresses, ordered tiers, profiles and failing
/// directions. Both the mock dataplane and the oracle produce one, so comparing them is a line-by-line diff.
/// </summary>
internal sealed class DataplaneView
{
    public SortedDictionary<string, string> IpSets { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, string> Policies { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, string> Profiles { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, string> Endpoints { get; } = new(StringComparer.Ordinal);

    public bool IsEmpty => IpSets.Count == 0 && Policies.Count == 0 && Profiles.Count == 0 && Endpoints.Count == 0;

    /// <summary>One line per entry that differs: missing, unexpected or with other content.</summary>
    public IReadOnlyList<string> DifferencesFrom(DataplaneView expected)
    {
        var differences = new List<string>();
        Compare("ip set", expected.IpSets, IpSets, differences);
        Compare("policy", expected.Policies, Policies, differences);
        Compare("profile", expected.Profiles, Profiles, differences);
        Compare("endpoint", expected.Endpoints, Endpoints, differences);
        return differences;
    }

    public override string ToString() => string.Join(Environment.NewLine, new[]
    {
        Section("ip sets", IpSets), Section("policies", Policies), Section("profiles", Profiles), Section("endpoints", Endpoints),
    });

    private static string Section(string title, SortedDictionary<string, string> entries) =>
        $"{title}:" + string.Concat(entries.Select(e => $"{Environment.NewLine}  {e.Key}: {e.Value}"));

    private static void Compare(string what, SortedDictionary<string, string> expected, SortedDictionary<string, string> actual, List<string> differences)
    {
        foreach (var (key, value) in expected)
        {
            if (!actual.TryGetValue(key, out var held))
            {
                differences.Add($"missing {what} {key}: {value}");
            }
            else if (!string.Equals(held, value, StringComparison.Ordinal))
            {
                differences.Add($"{what} {key}:{Environment.NewLine}    expected {value}{Environment.NewLine}    actual   {held}");
            }
        }

        foreach (var (key, value) in actual)
        {
            if (!expected.ContainsKey(key))
            {
                differences.Add($"unexpected {what} {key}: {value}");
            }
        }
    }
}
