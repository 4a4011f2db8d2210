using Calico.Api.Values;

namespace Calico.Api.Conversion;

/// <summary>Merges overlapping or adjacent numeric ports into ranges; named ports are kept after them.</summary>
public static class PortRangeSimplifier
{
    public static List<Port> Simplify(IEnumerable<Port> ports)
    {
        var numeric = new List<(int Min, int Max)>();
        var named = new List<Port>();
        foreach (var port in ports)
        {
            if (port.IsNamed)
            {
                if (!named.Contains(port))
                {
                    named.Add(port);
                }
            }
            else
            {
                numeric.Add((port.Min, port.Max));
            }
        }

        numeric.Sort();
        var merged = new List<Port>();
        var i = 0;
        while (i < numeric.Count)
        {
            var (min, max) = numeric[i++];
            while (i < numeric.Count && numeric[i].Min <= max + 1)
            {
                max = Math.Max(max, numeric[i++].Max);
            }

            merged.Add(min == max ? Port.Single(min) : Port.Range(min, max));
        }

        merged.AddRange(named);
        return merged;
    }
}
