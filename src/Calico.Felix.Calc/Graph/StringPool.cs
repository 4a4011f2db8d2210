using Calico.Policy.Snapshot;

namespace Calico.Felix.Calc.Graph;

/// <summary>
/// One instance per distinct string the graph keeps for a long time (label keys and values, namespaces, profile names,
/// named-port names): 100k endpoints decoded from JSON bring 100k copies of "projectcalico.org/namespace", of each
/// namespace name and of each label value, and the label indexes would keep them all. Owned by one graph; it only
/// grows (by the distinct strings ever seen, far fewer than the items that share them).
/// </summary>
internal sealed class StringPool
{
    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);

    public int Count => _strings.Count;

    public string Intern(string value)
    {
        if (_strings.TryGetValue(value, out var pooled))
        {
            return pooled;
        }

        _strings.Add(value);
        return value;
    }

    public string? InternOrNull(string? value) => value is null ? null : Intern(value);

    /// <summary>A copy of <paramref name="labels"/> whose keys and values are the pooled instances.</summary>
    public Dictionary<string, string> Intern(IReadOnlyDictionary<string, string> labels)
    {
        var pooled = new Dictionary<string, string>(labels.Count, StringComparer.Ordinal);
        foreach (var (key, value) in labels)
        {
            pooled[Intern(key)] = Intern(value);
        }

        return pooled;
    }

    public string[] Intern(IEnumerable<string> values) => [.. values.Select(Intern)];

    public NamedPort[] Intern(NamedPort[] ports)
    {
        for (var i = 0; i < ports.Length; i++)
        {
            ports[i] = ports[i] with { Name = Intern(ports[i].Name) };
        }

        return ports;
    }
}
