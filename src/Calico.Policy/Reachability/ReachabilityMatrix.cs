using System.Text;
using Calico.Policy.Evaluation;
using Calico.Policy.Snapshot;

namespace Calico.Policy.Reachability;

/// <summary>
/// Which endpoints can reach which, per probe: rows are sources, columns destinations, and each cell has
/// one character per probe, <c>.</c> for allowed and <c>X</c> for denied (the Kubernetes network policy
/// e2e truth-table convention). Used for expected matrices in conformance tests and to print their diffs.
/// </summary>
public sealed class ReachabilityMatrix
{
    private readonly bool[,,] _cells;

    private ReachabilityMatrix(IReadOnlyList<string> names, IReadOnlyList<Probe> probes, bool[,,] cells)
    {
        Names = names;
        Probes = probes;
        _cells = cells;
    }

    /// <summary>Row and column labels (the same list: sources and destinations).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The probes, in cell order.</summary>
    public IReadOnlyList<Probe> Probes { get; }

    /// <summary>Whether <paramref name="probe"/> from row <paramref name="from"/> to column <paramref name="to"/> is allowed.</summary>
    public bool this[int from, int to, int probe] => _cells[from, to, probe];

    /// <summary>Whether <paramref name="probe"/> from <paramref name="from"/> to <paramref name="to"/> is allowed.</summary>
    /// <exception cref="KeyNotFoundException">A name or probe is not in the matrix.</exception>
    public bool IsAllowed(string from, string to, Probe probe) => _cells[IndexOf(from), IndexOf(to), ProbeIndex(probe)];

    /// <summary>Evaluates every probe between every pair of <paramref name="endpoints"/> (labelled by display name).</summary>
    public static ReachabilityMatrix Compute(IPolicyEvaluator evaluator, IReadOnlyList<ModelEndpoint> endpoints, IReadOnlyList<Probe> probes)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(probes);
        var cells = new bool[endpoints.Count, endpoints.Count, probes.Count];
        for (var from = 0; from < endpoints.Count; from++)
        {
            for (var to = 0; to < endpoints.Count; to++)
            {
                for (var p = 0; p < probes.Count; p++)
                {
                    cells[from, to, p] = evaluator.Evaluate(probes[p].ToFlow(endpoints[from], endpoints[to])).Allowed;
                }
            }
        }

        return new ReachabilityMatrix([.. endpoints.Select(e => e.DisplayName)], [.. probes], cells);
    }

    /// <summary>A matrix whose cells are given by <paramref name="allowed"/>(from, to, probe).</summary>
    public static ReachabilityMatrix FromFunction(IReadOnlyList<string> names, IReadOnlyList<Probe> probes, Func<string, string, Probe, bool> allowed)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(probes);
        ArgumentNullException.ThrowIfNull(allowed);
        var cells = new bool[names.Count, names.Count, probes.Count];
        for (var from = 0; from < names.Count; from++)
        {
            for (var to = 0; to < names.Count; to++)
            {
                for (var p = 0; p < probes.Count; p++)
                {
                    cells[from, to, p] = allowed(names[from], names[to], probes[p]);
                }
            }
        }

        return new ReachabilityMatrix([.. names], [.. probes], cells);
    }

    /// <summary>
    /// Parses the compact form: one line per row, in <paramref name="names"/> order, holding the row name
    /// and then one cell per column, each with one character per probe (<c>.</c> or <c>1</c> allowed,
    /// <c>X</c> or <c>0</c> denied). Blank lines, lines starting with whitespace (column headers) and a
    /// <c>probes:</c> line are skipped, so <see cref="ToString"/> output parses back.
    /// </summary>
    /// <exception cref="FormatException">The text does not have that shape.</exception>
    public static ReachabilityMatrix Parse(IReadOnlyList<string> names, IReadOnlyList<Probe> probes, string text)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(probes);
        ArgumentNullException.ThrowIfNull(text);
        var cells = new bool[names.Count, names.Count, probes.Count];
        var row = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Trim().Length == 0 || char.IsWhiteSpace(line[0]) || line.StartsWith("probes:", StringComparison.Ordinal))
            {
                continue;
            }

            var tokens = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (row >= names.Count)
            {
                throw new FormatException($"reachability matrix has more rows than the {names.Count} names: \"{line}\"");
            }

            if (!string.Equals(tokens[0], names[row], StringComparison.Ordinal))
            {
                throw new FormatException($"reachability matrix row {row + 1} is \"{tokens[0]}\", expected \"{names[row]}\"");
            }

            if (tokens.Length != names.Count + 1)
            {
                throw new FormatException($"reachability matrix row {names[row]} has {tokens.Length - 1} cells, expected {names.Count}");
            }

            for (var to = 0; to < names.Count; to++)
            {
                var cell = tokens[to + 1];
                if (cell.Length != probes.Count)
                {
                    throw new FormatException($"reachability matrix cell {names[row]} -> {names[to]} is \"{cell}\", expected {probes.Count} characters");
                }

                for (var p = 0; p < probes.Count; p++)
                {
                    cells[row, to, p] = cell[p] switch
                    {
                        '.' or '1' => true,
                        'X' or 'x' or '0' => false,
                        _ => throw new FormatException($"reachability matrix cell {names[row]} -> {names[to]} has '{cell[p]}', expected '.' or 'X'"),
                    };
                }
            }

            row++;
        }

        if (row != names.Count)
        {
            throw new FormatException($"reachability matrix has {row} rows, expected {names.Count}");
        }

        return new ReachabilityMatrix([.. names], [.. probes], cells);
    }

    /// <summary>The cells where <paramref name="actual"/> differs from this (expected) matrix.</summary>
    /// <exception cref="ArgumentException">The matrices have different names or probes.</exception>
    public IReadOnlyList<MatrixDifference> DifferencesFrom(ReachabilityMatrix actual)
    {
        ArgumentNullException.ThrowIfNull(actual);
        if (!Names.SequenceEqual(actual.Names, StringComparer.Ordinal) || !Probes.SequenceEqual(actual.Probes))
        {
            throw new ArgumentException("the matrices have different endpoints or probes", nameof(actual));
        }

        var result = new List<MatrixDifference>();
        for (var from = 0; from < Names.Count; from++)
        {
            for (var to = 0; to < Names.Count; to++)
            {
                for (var p = 0; p < Probes.Count; p++)
                {
                    if (_cells[from, to, p] != actual._cells[from, to, p])
                    {
                        result.Add(new MatrixDifference(Names[from], Names[to], Probes[p], _cells[from, to, p], actual._cells[from, to, p]));
                    }
                }
            }
        }

        return result;
    }

    /// <summary>
    /// A report for a conformance failure: each differing cell, then both matrices with the differing
    /// cells of the actual one marked <c>!</c> (allowed but expected denied) or <c>?</c> (denied but expected
    /// allowed). Empty when the matrices agree.
    /// </summary>
    public static string Diff(ReachabilityMatrix expected, ReachabilityMatrix actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var differences = expected.DifferencesFrom(actual);
        if (differences.Count == 0)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        builder.Append(differences.Count).Append(" of ").Append(expected.Names.Count * expected.Names.Count * expected.Probes.Count)
            .Append(" cells differ:\n");
        foreach (var difference in differences)
        {
            builder.Append("  ").Append(difference).Append('\n');
        }

        builder.Append("expected:\n").Append(expected.Render(null)).Append('\n');
        builder.Append("actual (! allowed but expected denied, ? denied but expected allowed):\n").Append(actual.Render(expected));
        return builder.ToString();
    }

    /// <summary>The matrix as text: a <c>probes:</c> line, a header line of column names, then one line per row.</summary>
    public override string ToString() => Render(null);

    private string Render(ReachabilityMatrix? expected)
    {
        var width = Math.Max(Names.Count == 0 ? 0 : Names.Max(n => n.Length), Probes.Count) + 1;
        var builder = new StringBuilder();
        builder.Append("probes: ").AppendJoin(' ', Probes).Append('\n');
        var header = new StringBuilder().Append(' ', width);
        foreach (var name in Names)
        {
            header.Append(name.PadRight(width));
        }

        builder.Append(header.ToString().TrimEnd());
        for (var from = 0; from < Names.Count; from++)
        {
            var line = new StringBuilder(Names[from].PadRight(width));
            for (var to = 0; to < Names.Count; to++)
            {
                var cell = new StringBuilder();
                for (var p = 0; p < Probes.Count; p++)
                {
                    var allowed = _cells[from, to, p];
                    cell.Append(expected is null || expected._cells[from, to, p] == allowed ? (allowed ? '.' : 'X') : (allowed ? '!' : '?'));
                }

                line.Append(cell.ToString().PadRight(width));
            }

            builder.Append('\n').Append(line.ToString().TrimEnd());
        }

        return builder.ToString();
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new KeyNotFoundException($"no row \"{name}\" in the reachability matrix");
    }

    private int ProbeIndex(Probe probe)
    {
        for (var i = 0; i < Probes.Count; i++)
        {
            if (Probes[i] == probe)
            {
                return i;
            }
        }

        throw new KeyNotFoundException($"no probe {probe} in the reachability matrix");
    }
}
