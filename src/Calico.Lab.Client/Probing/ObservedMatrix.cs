using Calico.Policy.Reachability;

namespace Calico.Lab.Probing;

/// <summary>The outcome of every probe between targets: as a <see cref="ReachabilityMatrix"/>, with what each probe saw.</summary>
public sealed class ObservedMatrix
{
    private readonly ProbeOutcome[] _outcomes;

    public ObservedMatrix(IReadOnlyList<ProbeTarget> targets, IReadOnlyList<Probe> probes, ProbeOutcome[] outcomes)
    {
        if (outcomes.Length != targets.Count * targets.Count * probes.Count)
        {
            throw new ArgumentException($"{outcomes.Length} outcomes for {targets.Count} targets and {probes.Count} probes", nameof(outcomes));
        }

        Targets = targets;
        Probes = probes;
        _outcomes = outcomes;
        Matrix = ReachabilityMatrix.FromFunction([.. targets.Select(t => t.Name)], probes, (from, to, probe) => Outcome(from, to, probe).Allowed);
    }

    public IReadOnlyList<ProbeTarget> Targets { get; }

    public IReadOnlyList<Probe> Probes { get; }

    /// <summary>Allowed or denied per cell.</summary>
    public ReachabilityMatrix Matrix { get; }

    /// <summary>The cells in matrix order: rows (sources), then columns (destinations), then probes.</summary>
    public static List<ProbeCell> CellsOf(IReadOnlyList<ProbeTarget> targets, IReadOnlyList<Probe> probes) =>
        [.. from f in targets from t in targets from p in probes select new ProbeCell(f, t, p)];

    public ProbeOutcome Outcome(string from, string to, Probe probe) => _outcomes[IndexOf(from, to, probe)];

    /// <summary>A copy with the given cells replaced (re-probed).</summary>
    public ObservedMatrix With(IReadOnlyList<ProbeCell> cells, IReadOnlyList<ProbeOutcome> outcomes)
    {
        var copy = (ProbeOutcome[])_outcomes.Clone();
        for (var i = 0; i < cells.Count; i++)
        {
            copy[IndexOf(cells[i].From.Name, cells[i].To.Name, cells[i].Probe)] = outcomes[i];
        }

        return new ObservedMatrix(Targets, Probes, copy);
    }

    public ProbeCell Cell(string from, string to, Probe probe) =>
        new(Targets.Single(t => t.Name == from), Targets.Single(t => t.Name == to), probe);

    private int IndexOf(string from, string to, Probe probe)
    {
        var f = IndexOfTarget(from);
        var t = IndexOfTarget(to);
        var p = IndexOfProbe(probe);
        if (p < 0)
        {
            throw new KeyNotFoundException($"no probe {probe}");
        }

        return ((f * Targets.Count) + t) * Probes.Count + p;
    }

    private int IndexOfProbe(Probe probe)
    {
        for (var i = 0; i < Probes.Count; i++)
        {
            if (Probes[i] == probe)
            {
                return i;
            }
        }

        return -1;
    }

    private int IndexOfTarget(string name)
    {
        for (var i = 0; i < Targets.Count; i++)
        {
            if (string.Equals(Targets[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new KeyNotFoundException($"no target {name}");
    }
}
